/**
 * The "what changed?" timeline: one list, newest first, of every change to the objects the BYOC setup uses, from
 * Genesys Cloud's audits, Twilio's Monitor Events and the bot's own audit stream. Pure types: the inputs are the
 * shapes the vendor clients and the audit log return, declared here structurally so the domain imports no SDK.
 */

/** One Genesys Cloud audit message (the fields the timeline reads; see docs/change-records.md). */
export interface GenesysAuditInput {
  id?: string;
  eventDate?: string;
  serviceName?: string;
  action?: string;
  entityType?: string;
  entity?: { id?: string; name?: string };
  user?: { id?: string; name?: string };
  client?: { id?: string };
  application?: string;
  remoteIp?: string[];
  propertyChanges?: { property?: string; oldValues?: string[]; newValues?: string[] }[];
}

/**
 * One Twilio Monitor Event: a change someone (a console user, an API credential, Twilio) made to a resource, as
 * `TwilioClient.listEvents` returns it (the client's `TwilioEvent` is this type).
 */
export interface TwilioEventInput {
  sid: string;
  /** `RESOURCE_TYPE.ACTION`, e.g. `phone-number.updated`. */
  eventType: string;
  resourceType: string | null;
  resourceSid: string | null;
  /** The affected resource's URL (`links.resource`), which also names its parents. */
  resourceUrl: string | null;
  actorSid: string | null;
  /** `user` (console), `account` (an API request authenticated as the account), `twilio-admin`, … */
  actorType: string | null;
  /** `web`, `api` or `twilio`. */
  source: string | null;
  sourceIpAddress: string | null;
  eventDate: Date | null;
  /** `{ property: { previous, updated } }` for updates (from `event_data.resource_properties`). */
  changes: Record<string, { previous: unknown; updated: unknown }>;
}

/** One entry of the bot's audit stream. */
export interface BotAuditInput {
  id: string;
  at: string;
  action: string;
  actor: string;
  approvalId?: string;
  trunk?: string;
  number?: string;
  summary: string;
  outcome: string;
  /** `objects`: the vendor ids the change's steps touched. */
  details?: Record<string, unknown>;
}

/** Who made a change. */
export interface ChangeActor {
  kind: 'person' | 'oauth-client' | 'twilio-user' | 'twilio-account' | 'twilio-api-key' | 'vendor' | 'byoc-bot';
  /** What a person reads: "Alice Martin", "OAuth client 7f3c…", "Twilio user US12…". */
  name: string;
  id?: string;
  /** The credentials are the bot's own (its OAuth client, its Twilio account or API key). */
  isBot?: boolean;
}

/** One property before -> after; a secret's values are never carried, only that it changed. */
export interface PropertyChangeView {
  property: string;
  before: string;
  after: string;
  secret?: boolean;
}

export interface ChangeEntry {
  /** Stable and unique: `genesys:<audit id>`, `twilio:<event sid>`, `byoc-bot:<approval id>`. */
  id: string;
  /** ISO 8601. */
  at: string;
  vendor: 'genesys' | 'twilio' | 'byoc-bot';
  who: ChangeActor;
  /** Where it was made: the vendor's console, its API (a script, Terraform, the bot's credentials), or the bot. */
  where: 'console' | 'api' | 'byoc-bot' | 'vendor';
  /** `Update`, `Create`, `Delete`; for the bot the approval's outcome. */
  action: string;
  object: { type: string; name: string; id?: string };
  changes: PropertyChangeView[];
  /** BYOC trunks (Genesys trunk base names) and Twilio trunks (friendly names) the change touches. */
  trunks: string[];
  /** E.164 numbers the change touches. */
  numbers: string[];
  /** For a change made through the bot: its approval, and the vendor records it caused (shown here, not twice). */
  approval?: {
    id: string;
    summary: string;
    requestedBy?: string;
    approvedBy?: string;
    outcome: string;
    /** Vendor ids its steps touched. */
    objects: string[];
    vendorRecords: { vendor: 'genesys' | 'twilio'; object: string; changes: PropertyChangeView[] }[];
  };
}

export interface TimelineFilter {
  trunk?: string;
  number?: string;
}

export interface Timeline {
  kind: 'changes';
  /** ISO interval covered. */
  since: string;
  until: string;
  filter: TimelineFilter;
  entries: ChangeEntry[];
  /** A source that could not be read, and why; the rest still answers. */
  unavailable: { source: 'genesys' | 'twilio' | 'byoc-bot'; reason: string }[];
}

/** The bot's own credentials: a vendor record made with them is the bot's doing. */
export interface BotIdentity {
  genesysClientId?: string;
  /** The Twilio account sid (auth-token requests are attributed to it) and the API key sid, when one is used. */
  twilioActorSids: string[];
}
