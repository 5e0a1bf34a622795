/** What one process runs: the HTTP side, the workers, or both (`npm start -- --role web|worker|all`). */
export const PROCESS_ROLES = ['web', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];
