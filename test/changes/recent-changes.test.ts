/**
 * "Last change to this trunk" on the status card: a script disables the trunk through the Genesys API; half an hour
 * later the card names it (who, before -> after) with a button to the trunk's timeline, and once
 * CHANGES_RECENT_MINUTES have passed it no longer does.
 */
import { describe, expect, it } from 'vitest';
import { trunkStatus } from '../../src/byoc/status.js';
import { renderText } from '../../src/chat/text.js';
import { GenesysClient } from '../../src/genesys/index.js';
import { withLastChanges } from '../../src/presentation/changes-card.js';
import { statusCard } from '../../src/presentation/status-card.js';
import { recentChanges } from '../../src/timeline/recent-changes.js';
import { TRUNK_BASE_ID, useBench } from './helpers.js';

const SCRIPT = 'nightly-script';
const bench = useBench();

/** The status card as a replica would make it `minutesLater` after now, with the recent window in `config`. */
async function statusAfter(minutesLater: number, recentMinutes?: number): Promise<{ text: string; buttons: string[] }> {
  const { services } = bench.h.bot;
  const now = Date.now() + minutesLater * 60_000;
  const config = recentMinutes ? { ...services.config, changesRecentMinutes: recentMinutes } : services.config;
  const snapshot = services.snapshots.get();
  const changes = await recentChanges({ ...services, config, now: () => now }, snapshot);
  const result = trunkStatus(await snapshot);
  if (result.kind !== 'status') throw new Error(`no status: ${result.kind}`);
  const card = withLastChanges(
    statusCard(result),
    result.trunks.map((t) => t.name),
    changes,
    now,
  );
  return { text: renderText(card, { color: false }), buttons: (card.buttons ?? []).map((b) => b.value ?? b.label) };
}

describe('the last change next to the status', () => {
  it('is named within CHANGES_RECENT_MINUTES (60 by default) and not after', async () => {
    const { sandbox } = bench;
    sandbox.genesys.addOAuthClient(SCRIPT, 'script-secret-0001');
    const script = new GenesysClient({
      clientId: SCRIPT,
      clientSecret: 'script-secret-0001',
      apiUrl: sandbox.genesys.url,
    });
    const tb = await script.trunkBase(TRUNK_BASE_ID);
    await script.putTrunkBase(TRUNK_BASE_ID, {
      ...tb,
      properties: { ...tb.properties, trunk_enabled: { value: { instance: false } } },
    });

    const soon = await statusAfter(30);
    expect(soon.text).toContain(
      `Last change to this trunk: 30 minutes ago by OAuth client ${SCRIPT} (trunk_enabled true -> false)`,
    );
    expect(soon.buttons).toContain('changes --since 24h --trunk "Twilio"');

    const later = await statusAfter(61);
    expect(later.text).not.toContain('Last change');
    expect(later.buttons.join()).not.toContain('changes --since');

    // A shorter window, set by the variable.
    expect((await statusAfter(30, 20)).text).not.toContain('Last change');
  });
});
