/**
 * Who may do what, from the YAML file named by `BYOC_ACCESS_FILE` (README, "Configuration"):
 *
 * ```yaml
 * roles:
 *   admin: [U0ADMIN]
 *   approver: [U0LEAD1, U0LEAD2, "group:S0ONCALL"]
 *   operator: [U0OPS1]
 *   viewer: ["*"]
 * channels: [C0ONCALL]   # optional; absent means every channel
 * selfApproval: false    # optional; requesters may not approve their own changes unless this is true
 * teams: { admin: ["aad-object-id"] }  # optional: Teams users by Azure AD object id
 * ```
 *
 * The highest role a person matches wins. `"*"` matches anyone; `group:ID` matches the members of a Slack user
 * group, looked up through a `GroupResolver` (a failed lookup matches nobody: access is never granted on an error).
 */

import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import { type Authorizer, everyoneIsAViewer, type Principal, ROLES } from './roles.js';

/** The members (user ids) of a chat user group. */
export type GroupResolver = (groupId: string) => Promise<string[]>;

export const ANYONE = '*';
export const GROUP_PREFIX = 'group:';

const entry = z
  .string()
  .min(1, 'a user id, "group:ID" or "*"')
  .regex(/^\S+$/, 'a user id, "group:ID" or "*" without spaces')
  .refine((s) => s !== GROUP_PREFIX, 'a group id after "group:" (e.g. group:S0ONCALL)');

const roleLists = z.strictObject({
  admin: z.array(entry).optional(),
  approver: z.array(entry).optional(),
  operator: z.array(entry).optional(),
  viewer: z.array(entry).optional(),
});

export const accessFileSchema = z.strictObject({
  roles: roleLists,
  channels: z.array(z.string().regex(/^\S+$/, 'a channel id such as C0ONCALL')).optional(),
  selfApproval: z.boolean().default(false),
  teams: roleLists.optional(),
});

export type AccessFile = z.infer<typeof accessFileSchema>;

/** The access file is missing, unreadable, not YAML or not in the expected shape; says which file and where. */
/** What is wrong with BYOC_ACCESS_FILE, where (a YAML path) and in which file. */
export function accessFileError(file: string, path: string, problem: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.accessFile,
    message: `access file ${file}: ${path ? `at ${path}: ` : ''}${problem}`,
    retryable: false,
  });
}

export interface AccessDeps {
  /** Resolves `group:ID` entries (Slack user groups); without it they match nobody and a warning is logged. */
  resolveGroup?: GroupResolver;
  logger: Logger;
}

/** With no file, everyone is a viewer; otherwise the file is read, validated and obeyed. */
export async function loadAuthorizer(file: string | undefined, deps: AccessDeps): Promise<Authorizer> {
  if (!file) return everyoneIsAViewer;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw accessFileError(file, '', `cannot be read (${code ?? (err as Error).message})`);
  }
  return createAuthorizer(parseAccessFile(text, file), deps);
}

export function parseAccessFile(text: string, file: string): AccessFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw accessFileError(file, '', `is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = accessFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw accessFileError(file, formatPath(issue.path), describeIssue(issue));
  }
  return parsed.data;
}

export function createAuthorizer(access: AccessFile, deps: AccessDeps): Authorizer & { selfApprovalAllowed: boolean } {
  const groups = Object.values(access.roles)
    .flat()
    .filter((e) => e.startsWith(GROUP_PREFIX));
  if (groups.length > 0 && !deps.resolveGroup) {
    deps.logger.warn(
      { groups },
      'access file names Slack user groups but no group resolver is configured: they match nobody',
    );
  }

  async function inGroup(groupId: string, userId: string): Promise<boolean> {
    if (!deps.resolveGroup) return false;
    try {
      return (await deps.resolveGroup(groupId)).includes(userId);
    } catch (err) {
      // Deny rather than crash: a person in the group can retry once the lookup works again.
      deps.logger.warn(
        { groupId, err: (err as Error).message },
        'user group lookup failed; treating the group as empty',
      );
      return false;
    }
  }

  async function matches(list: string[] | undefined, principal: Principal, groupsApply: boolean): Promise<boolean> {
    if (!list) return false;
    if (list.includes(ANYONE) || list.includes(principal.userId)) return true;
    if (!groupsApply) return false;
    for (const e of list) {
      if (e.startsWith(GROUP_PREFIX) && (await inGroup(e.slice(GROUP_PREFIX.length), principal.userId))) return true;
    }
    return false;
  }

  return {
    selfApprovalAllowed: access.selfApproval,

    async roleFor(principal) {
      // Teams users are listed by Azure AD object id under `teams`; Slack and CLI users by user id under `roles`.
      const lists = principal.platform === 'teams' ? access.teams : access.roles;
      const groupsApply = principal.platform === 'slack';
      for (const role of [...ROLES].reverse()) {
        if (await matches(lists?.[role], principal, groupsApply)) return role;
      }
      return undefined;
    },

    async channelAllowed(principal) {
      // The CLI has no channel; the channel list restricts where the bot answers in chat.
      if (!access.channels || principal.platform === 'cli') return true;
      return principal.channelId !== undefined && access.channels.includes(principal.channelId);
    },

    describe() {
      const parts = [...ROLES].reverse().map((role) => `${role}: ${describeList(access.roles[role])}`);
      const lines = [`Access file: ${parts.join('; ')}.`];
      if (access.teams)
        lines.push(
          `Teams: ${[...ROLES]
            .reverse()
            .map((r) => `${r}: ${describeList(access.teams?.[r])}`)
            .join('; ')}.`,
        );
      lines.push(access.channels ? `Only in channels ${access.channels.join(', ')}.` : 'In every channel.');
      lines.push(
        access.selfApproval
          ? 'Requesters may approve their own changes (selfApproval: true).'
          : 'A change needs an approver other than the person who asked.',
      );
      return lines.join(' ');
    },
  };
}

function describeList(list: string[] | undefined): string {
  if (!list || list.length === 0) return 'nobody';
  if (list.includes(ANYONE)) return 'everyone';
  const groups = list.filter((e) => e.startsWith(GROUP_PREFIX)).length;
  const users = list.length - groups;
  const parts = [];
  if (users > 0) parts.push(`${users} ${users === 1 ? 'person' : 'people'}`);
  if (groups > 0) parts.push(`${groups} user ${groups === 1 ? 'group' : 'groups'}`);
  return parts.join(' and ');
}

/** A reader of the file wants to know what belongs there, not zod's vocabulary. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path.length === 0 ? 'roles, channels, selfApproval, teams' : ROLES.join(', ');
    return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.join(', ')} (expected one of ${known})`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0)
    return 'expected a mapping with roles (and optionally channels)';
  return issue.message;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
