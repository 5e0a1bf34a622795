/** Who may do what. Each role includes the ones before it. */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** "an operator", "a viewer": a role as a sentence names it. */
export function withArticle(role: Role): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

/** What a refusal or the help card says about someone's role: "you are an operator", "you have no role". */
export function yourRole(role: Role | undefined): string {
  return role ? `you are ${withArticle(role)}` : 'you have no role';
}

export function roleIncludes(have: Role | undefined, need: Role): boolean {
  if (!have) return false;
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Who is asking, as every chat platform can say it. */
export interface Principal {
  platform: 'slack' | 'teams' | 'cli';
  userId: string;
  channelId?: string;
}

/** Decides roles; the default (no access file) makes everyone a viewer. */
export interface Authorizer {
  roleFor(principal: Principal): Promise<Role | undefined>;
  /** False when the access file restricts the bot to other channels. */
  channelAllowed(principal: Principal): Promise<boolean>;
  /** A line for the help card describing how access is configured (e.g. "no access file: everyone is a viewer"). */
  describe(): string;
  /**
   * True when the access file turns the self-approval rule off (`selfApproval: true`); absent or false means a
   * requester may not approve their own change (the default).
   */
  readonly selfApprovalAllowed?: boolean;
}

export const everyoneIsAViewer: Authorizer = {
  roleFor: async () => 'viewer',
  channelAllowed: async () => true,
  describe: () => 'No access file (BYOC_ACCESS_FILE): everyone is a viewer and nobody can change anything.',
  selfApprovalAllowed: false,
};
