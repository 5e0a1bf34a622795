/**
 * The headless Chromium the page tests and `npm run screenshot` drive with playwright-core. playwright-core
 * downloads no browser, so this finds the system's: CHROMIUM_PATH, else Debian's `chromium` (`.ci/run` installs it
 * where missing) or another usual place. No browser is an error saying how to get one, never a skipped test.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const wanted = env.CHROMIUM_PATH?.trim();
  if (wanted) {
    if (!existsSync(wanted)) throw new Error(`CHROMIUM_PATH=${wanted}: no such file`);
    return wanted;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `no Chromium found (looked at ${CANDIDATES.join(', ')}). The chat page tests need one: ` +
      'on Debian/Ubuntu `apt-get install chromium` (.ci/run does it), on macOS install Google Chrome, ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    // Root in a container has no user namespaces for Chromium's sandbox; the rest keeps it off the network, which
    // this machine (and CI) closes: the page only talks to 127.0.0.1.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
