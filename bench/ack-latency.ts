import { parseArgs } from 'node:util';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import helpCommand from '../commands/help.js';
import { helpCard } from '../jobs/help.js';
import { everyoneIsAViewer } from '../src/auth/roles.js';
import { renderBlockKit } from '../src/chat/slack/blockkit.js';
import { FakeSlack, sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';
import { arrivals, type LatencyRun, measure, printComparison, type Sample } from './latency.js';
import { startSlackBench } from './slack-bench.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '50' } },
});
const RUN: LatencyRun = { warmup: 100, requests: Number(values.requests), concurrency: Number(values.concurrency) };
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';

/** Request `i`: a signed `/byoc help` as its own asker; its sample once `cardArrived(i)` resolves. */
function helpRequest(eventsUrl: string, slack: FakeSlack, cardArrived: (i: number) => Promise<number>) {
  return async (i: number): Promise<Sample> => {
    const arrived = cardArrived(i);
    const body = slashCommandBody({ text: 'help', userId: `UB${i}`, responseUrl: slack.responseUrl(`bench-${i}`) });
    const sent = performance.now();
    const res = await sendToSlackApp(eventsUrl, body, { secret: SECRET });
    const acked = performance.now();
    if (res.status !== 200) throw new Error(`request ${i}: HTTP ${res.status}`);
    return { ack: acked - sent, card: (await arrived) - sent };
  };
}

/** Resolves, per request index, when the matching event reaches the fake Slack. */
function waiter(
  slack: FakeSlack,
  match: (event: Parameters<Parameters<FakeSlack['subscribe']>[0]>[0]) => number | undefined,
) {
  const book = arrivals<number>();
  const stop = slack.subscribe((event) => {
    const i = match(event);
    if (i !== undefined) book.record(i, event.t);
  });
  return { stop, arrived: book.arrived };
}

async function benchBareBolt(slack: FakeSlack): Promise<Sample[]> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: TOKEN,
    clientOptions: { slackApiUrl: slack.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  const card = renderBlockKit(
    helpCard({ commands: [helpCommand], role: 'viewer', access: everyoneIsAViewer.describe(), text: 'help' }),
  );
  app.command(/.*/, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'in_channel', ...card });
  });
  const server = (await app.start(0)) as import('node:http').Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const w = waiter(slack, (e) => (e.kind === 'response' ? Number(e.response.id.replace('bench-', '')) : undefined));
  try {
    return await measure(RUN, helpRequest(`http://127.0.0.1:${port}/slack/events`, slack, w.arrived));
  } finally {
    w.stop();
    await app.stop();
  }
}

/** byoc-bot on the same fake Slack; each command as its own asker, its card the update of its working message. */
async function benchByocBot(slack: FakeSlack): Promise<Sample[]> {
  const bench = await startSlackBench(undefined, { slack });
  try {
    return await measure(RUN, async () => {
      const sent = await bench.send('help');
      return { ack: sent.ackedAt - sent.sentAt, card: (await sent.firstUpdate) - sent.sentAt };
    });
  } finally {
    await bench.close();
  }
}

async function main() {
  const slack = await FakeSlack.start({ token: TOKEN });
  try {
    const bare = await benchBareBolt(slack);
    slack.reset();
    const ours = await benchByocBot(slack);
    printComparison(
      `/byoc help: ${RUN.requests} signed requests, ${RUN.concurrency} at a time`,
      { label: 'bare Bolt (respond)', samples: bare },
      { label: 'byoc-bot (queue)', samples: ours },
      `after ${RUN.warmup} warm-up requests each; the fake Slack, both apps and the client share this machine`,
    );
  } finally {
    await slack.close();
  }
}

await main();
