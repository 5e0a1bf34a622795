/** Approvals: the model, and the Redis store with atomic transitions (the card is in src/presentation). */
export * from './approval.js';
export * from './approval-store.js';
export * from './refusals.js';
