/** The Socket Mode manifest is the HTTP one without its URLs, with Socket Mode on: the two cannot drift apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

type Manifest = {
  features: { slash_commands: Record<string, unknown>[] };
  settings: { interactivity: Record<string, unknown>; socket_mode_enabled: boolean };
};

const read = (name: string) =>
  parseYaml(readFileSync(new URL(`../../manifest/${name}`, import.meta.url), 'utf8')) as Manifest;

describe('the Slack app manifests', () => {
  it('slack-socket-mode.yml is slack.yml with Socket Mode on and no request URL', () => {
    const http = read('slack.yml');
    const socket = read('slack-socket-mode.yml');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(JSON.stringify(socket)).not.toContain('https://');
    for (const command of http.features.slash_commands) delete command.url;
    delete http.settings.interactivity.request_url;
    http.settings.socket_mode_enabled = true;
    expect(socket).toEqual(http);
  });
});
