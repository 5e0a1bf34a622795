export { fromNetworkError, fromTwilioResponse, retryAfterSeconds, toTwilioVendorError } from './errors.js';
export { gatherTwilioPart } from './gather.js';
export { rewriteOrigin, TwilioRequestClient, type TwilioRequestClientOptions } from './request-client.js';
export { TwilioClient, type TwilioClientOptions, twilioConfigError } from './twilio-client.js';
export type * from './types.js';
