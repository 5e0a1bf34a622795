/**
 * `/byoc changes --since 24h` on a large generated org (50 BYOC trunks, 200 number plans, 5,000 DIDs; see
 * bench/doctor.ts) whose last day holds 2,000 Genesys audit messages and 1,500 Twilio Monitor Events, most of
 * them on objects the setup uses: signed Slack slash commands to the bot (web + workers, real Redis) against the
 * sandbox's fakes, with `latencyMs` added to every vendor request.
 *
 *   npx tsx bench/changes.ts [--runs 5] [--latency 50]
 *
 * 1. Vendor requests for one `/byoc changes --since 24h`, counted on the fakes: the change records alone (the
 *    snapshot cached, as during an incident), and with the snapshot read too (empty cache). Goal: a handful, paged.
 * 2. Time-to-card: from the slash command to the card's `chat.update`, snapshot cached and not.
 */
import { parseArgs } from 'node:util';
import { recordWriteAudit } from '../src/sandbox/genesys/audits.js';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { recordWriteEvent } from '../src/sandbox/twilio/events.js';
import { largeOrgScenario } from './doctor.js';
import { percentile, startSlackBench } from './slack-bench.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, latency: { type: 'string', default: '50' } },
});
const RUNS = Number(values.runs);
const LATENCY_MS = Number(values.latency);
const AUDITS = 2000;
const EVENTS = 1500;

async function main() {
  const scenario = largeOrgScenario();
  const sandbox = await startSandbox({ scenario });
  const now = Date.now();
  // A busy day: trunk edits by a script, number moves by people, spread over the last 23 hours.
  const g = sandbox.genesys.state;
  for (let i = 0; i < AUDITS; i++) {
    const tb = g.trunkBases[i % g.trunkBases.length]!;
    recordWriteAudit(g, {
      method: 'PUT',
      pathname: `/api/v2/telephony/providers/edges/trunkbasesettings/${tb.id}`,
      before: { ...tb, description: `edit ${i}` },
      after: { ...tb, description: `edit ${i + 1}` },
      actor:
        i % 3 === 0 ? { clientId: 'terraform', user: { id: 'u1', name: 'Alice Martin' } } : { clientId: 'terraform' },
      now: now - Math.floor(((i + 1) / AUDITS) * 23 * 3_600_000),
    });
  }
  const tw = sandbox.twilio.state;
  for (let i = 0; i < EVENTS; i++) {
    const n = tw.incomingPhoneNumbers[i % tw.incomingPhoneNumbers.length]!;
    recordWriteEvent(tw.events, {
      method: 'POST',
      path: `/2010-04-01/Accounts/${tw.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
      before: { sid: n.sid, friendly_name: `name ${i}` },
      after: {
        sid: n.sid,
        friendly_name: `name ${i + 1}`,
        uri: `/2010-04-01/Accounts/${tw.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
      },
      origin: sandbox.twilio.url,
      actor: { accountSid: tw.accountSid, ip: '198.51.100.7' },
      nowMs: now - Math.floor(((i + 1) / EVENTS) * 23 * 3_600_000),
    });
  }

  const { bot, send, close } = await startSlackBench(sandbox, { env: { SNAPSHOT_CACHE_SECONDS: '600' } });
  let lastCard = '';
  async function timeToCard(text: string): Promise<number> {
    const sent = await send(text);
    const at = await sent.firstUpdate;
    const params = JSON.parse(sent.updates[0]!.params) as { blocks?: unknown; text?: unknown };
    lastCard = JSON.stringify(params.blocks ?? params.text);
    return at - sent.sentAt;
  }
  const count = () => {
    const gen = sandbox.genesys.requests;
    const audits = gen.filter((r) => r.path.startsWith('/api/v2/audits/')).length;
    const logins = gen.filter((r) => r.path.startsWith('/oauth/')).length;
    const events = sandbox.twilio.requests.filter((r) => r.path.startsWith('/v1/Events')).length;
    return { audits, logins, events, genesys: gen.length, twilio: sandbox.twilio.requests.length };
  };
  const reset = () => {
    sandbox.genesys.resetRequests();
    sandbox.twilio.resetRequests();
  };

  try {
    sandbox.genesys.setFaults({ latencyMs: LATENCY_MS });
    sandbox.twilio.setFaults({ latencyMs: LATENCY_MS });
    await bot.services.snapshots.invalidate();
    reset();
    const coldMs = await timeToCard('changes --since 24h');
    const cold = count();
    const rows = /(\d+) changes since/.exec(lastCard)?.[1] ?? '?';

    reset();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await timeToCard('changes --since 24h'));
    const perRun = count();
    warm.sort((a, b) => a - b);

    console.log(
      `\n/byoc changes --since 24h on a large org (50 trunks, 200 plans, 5,000 DIDs; ${AUDITS} audit messages and ${EVENTS} Twilio events in the day), ${LATENCY_MS} ms added to every vendor request`,
    );
    console.log(`  the card: ${rows} changes`);
    console.log(
      `  vendor requests, snapshot cached (per run, ${RUNS} runs): Genesys audit queries ${(perRun.audits / RUNS).toFixed(1)}, Twilio Events pages ${(perRun.events / RUNS).toFixed(1)}, other ${((perRun.genesys + perRun.twilio - perRun.audits - perRun.events) / RUNS).toFixed(1)} (goal: a handful, paged)`,
    );
    console.log(
      `  vendor requests, empty cache: audit queries ${cold.audits}, Events pages ${cold.events}, logins ${cold.logins}, the snapshot's reads ${cold.genesys + cold.twilio - cold.audits - cold.events - cold.logins} (total ${cold.genesys + cold.twilio})`,
    );
    console.log(
      `  time-to-card: snapshot cached p50 ${percentile(warm, 50).toFixed(0)} ms, max ${warm.at(-1)!.toFixed(0)} ms; empty cache ${coldMs.toFixed(0)} ms`,
    );
  } finally {
    await close();
    await sandbox.close();
  }
}

await main();
