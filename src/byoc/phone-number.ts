/**
 * The one E.164 predicate: `+`, a country code that does not start with 0, at most 15 digits in all (ITU-T E.164;
 * Twilio stores and expects numbers in this form, docs/vendor-facts.md "E.164").
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export const isE164 = (n: string): boolean => E164.test(n);
