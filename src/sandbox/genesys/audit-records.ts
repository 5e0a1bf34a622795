/** What the fake Genesys keeps of its audit trail (audits.ts records and serves it; the state holds it). */
import type platformClient from 'purecloud-platform-client-v2';

export type AuditLogMessage = platformClient.Models.AuditLogMessage;
export type AuditQueryFilter = platformClient.Models.AuditQueryFilter;
export type AuditQuerySort = platformClient.Models.AuditQuerySort;

/** An asynchronous query: its request and the results frozen when it ran. */
export interface AuditQueryExecution {
  id: string;
  startDate: string;
  interval: string;
  serviceName?: string;
  filters: AuditQueryFilter[];
  sort: AuditQuerySort[];
  results: AuditLogMessage[];
  /** Status reads so far: the first says Running, later ones Succeeded, as a real query takes a moment. */
  polls: number;
}
