export type { TwilioFakeState } from './state.js';
export type { TwilioFake, TwilioFakeOptions } from './twilio-fake.js';
export { startTwilioFake } from './twilio-fake.js';
