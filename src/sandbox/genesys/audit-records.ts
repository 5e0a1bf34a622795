/** What the fake Genesys keeps of its audit trail (audits.ts records and serves it; the state holds it). */
import type { AuditLogMessage, AuditQueryFilter, AuditQuerySort } from '../../genesys/models.js';

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
