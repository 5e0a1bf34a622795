/** What the fake Twilio keeps of a Monitor Event (events.ts records and serves them; the state holds them). */

export interface FakeEvent {
  sid: string;
  eventType: string;
  resourceType: string;
  resourceSid: string | null;
  /** The affected resource's absolute URL (it names the parents, e.g. the ACL of a removed address). */
  resourceUrl: string | null;
  actorSid: string | null;
  actorType: string;
  source: 'api' | 'web' | 'twilio';
  sourceIpAddress: string | null;
  description: string | null;
  eventData: Record<string, unknown>;
  eventDate: Date;
}

/** A console user the fake attributes writes to, instead of the authenticating account. */
export interface ConsoleUser {
  sid: string;
}
