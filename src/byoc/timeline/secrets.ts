/**
 * Property names that hold secrets (a SIP digest password, an auth token, an API secret): the timeline says that
 * they changed, never what to. The vendors may or may not mask them in their records; the bot does not rely on it.
 */
const SECRET = /pass(word)?|secret|token|private.?key|credentials?_?pass/i;

export function isSecretProperty(name: string): boolean {
  return SECRET.test(name);
}
