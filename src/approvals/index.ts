/** Approvals: the model, the Redis store with atomic transitions, and the card for every state. */
export * from './approval.js';
export { APPROVE_ACTION_ID, approvalCard, REJECT_ACTION_ID } from './approval-card.js';
export * from './approval-store.js';
export * from './refusals.js';
