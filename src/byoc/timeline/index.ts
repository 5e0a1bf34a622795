export { indexSetup, type SetupIndex } from './relate.js';
export { isSecretProperty } from './secrets.js';
export { MAX_SINCE_DAYS, parseSince, SINCE_EXAMPLE } from './since.js';
export { buildTimeline, lastChangeTo, type TimelineInput } from './timeline.js';
export type * from './types.js';
