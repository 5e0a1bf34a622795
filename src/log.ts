/**
 * The logger: pino, with secrets removed twice over.
 *
 * 1. By path: fields whose name says "secret" (tokens, passwords, signatures, authorization headers) are censored
 *    wherever pino sees them.
 * 2. By value: every finished log line is scrubbed of the configured secret values, so a token that slipped into an
 *    error message, a URL or a vendor response body is still not written out.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export const REDACTED = '[REDACTED]';

/** Field names that hold secrets, at the top level and one or two levels down. */
const SECRET_KEYS = [
  'password',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'authToken',
  'apiSecret',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'botToken',
  'authorization',
  // Header names keep their case in axios and fetch error objects; pino's paths are case-sensitive.
  'Authorization',
  'cookie',
  '"x-slack-signature"',
];

export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((key) => {
  const at = key.startsWith('"') ? `[${key}]` : `.${key}`;
  const top = key.startsWith('"') ? `[${key}]` : key;
  return [top, `*${at}`, `*.*${at}`];
});

/** Replaces every occurrence of every secret (raw and as it appears inside a JSON string) with `[REDACTED]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = out.replaceAll(secret, REDACTED);
    const jsonForm = JSON.stringify(secret).slice(1, -1);
    if (jsonForm !== secret) out = out.replaceAll(jsonForm, REDACTED);
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Values to scrub from every line (from `secretValues(config)`). */
  secrets?: readonly string[];
  /** Where lines go; stdout by default. Tests pass a collecting stream. */
  destination?: { write(line: string): unknown };
  /** Bound to every line, e.g. `{ region: 'eu' }` (startBot binds the process `role` itself). */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? [])].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const target = options.destination ?? pino.destination({ dest: 1, sync: false });
  const scrubbing: DestinationStream = {
    write: (line: string) => {
      target.write(secrets.length > 0 ? scrubSecrets(line, secrets) : line);
    },
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'byoc-bot', ...options.base },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err },
    },
    scrubbing,
  );
}

/** A logger that writes nothing (tests that do not look at logs, the CLI in JSON mode). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
