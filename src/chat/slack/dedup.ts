/** Which Slack request a delivery is, for the first-delivery claim (../first-delivery.ts). */
import { createHash } from 'node:crypto';

/** Slack's own id for a request when it has one (trigger_id), else a hash of the whole body. */
export function deliveryId(body: Record<string, unknown>): string {
  const trigger = body.trigger_id;
  if (typeof trigger === 'string' && trigger.length > 0) return `t-${trigger}`;
  return `h-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
}

export function dedupKey(prefix: string, kind: 'command' | 'action', id: string): string {
  return `${prefix}:dedupe:slack:${kind}:${id}`;
}
