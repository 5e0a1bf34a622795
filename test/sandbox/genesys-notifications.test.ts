/**
 * The fake Genesys' Notifications API as a client sees it: a channel created and subscribed through the official
 * SDK, its `connectUri` opened with `ws`, and topic events in the SDK's model shapes whenever the org changes.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GenesysClient } from '../../src/genesys/client.js';
import { trunkInstances } from '../../src/sandbox/genesys/derived.js';
import { type GenesysFake, startGenesysFake } from '../../src/sandbox/genesys/index.js';
import { loadScenario } from '../../src/sandbox/scenario.js';

let fake: GenesysFake;
let client: GenesysClient;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  const scenario = loadScenario('default');
  fake = await startGenesysFake(scenario, { heartbeatMs: 200 });
  client = new GenesysClient({
    clientId: scenario.genesys.credentials.clientId,
    clientSecret: scenario.genesys.credentials.clientSecret,
    apiUrl: fake.url,
  });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await fake.close();
});

interface Message {
  topicName: string;
  eventBody: Record<string, unknown>;
}

async function subscribe(topics: string[]): Promise<{ ws: WebSocket; messages: Message[] }> {
  const channel = await client.createNotificationChannel();
  expect(channel.connectUri).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/channels\//);
  expect(Date.parse(channel.expires ?? '') - Date.now()).toBeGreaterThan(23 * 3600_000);
  expect(await client.setSubscriptions(channel.id, topics)).toEqual(topics);
  const ws = new WebSocket(channel.connectUri);
  sockets.push(ws);
  const messages: Message[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Message));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the fake notification channel', () => {
  it('sends heartbeats, and the trunk event when the trunk is taken out of service through the API', async () => {
    const [instance] = trunkInstances(fake.state);
    const topic = `v2.telephony.providers.edges.trunks.${instance!.id}`;
    const { messages } = await subscribe([topic, `${topic}.metrics`]);
    await until(() => messages.some((m) => m.topicName === 'channel.metadata'));
    expect(messages.find((m) => m.topicName === 'channel.metadata')?.eventBody).toEqual({
      message: 'WebSocket Heartbeat',
    });

    const base = await client.trunkBase(instance!.trunkBase!.id!);
    const props = base.properties as Record<string, { value: { instance: unknown } }>;
    props.trunk_enabled!.value.instance = false;
    await client.putTrunkBase(base.id!, base);

    await until(() => messages.some((m) => m.topicName === topic));
    const event = messages.find((m) => m.topicName === topic)!
      .eventBody as platformClient.Models.TrunkInstanceTopicTrunk;
    expect(event.id).toBe(instance!.id);
    expect(event.connectedStatus?.connected).toBe(false);
    expect(event.optionsStatus?.[0]).toMatchObject({ proxyAddress: expect.any(String), optionState: false });
    await until(() => messages.some((m) => m.topicName === `${topic}.metrics`));
    const metrics = messages.find((m) => m.topicName === `${topic}.metrics`)!.eventBody;
    expect(metrics).toMatchObject({
      trunk: { id: instance!.id },
      calls: expect.any(Object),
      qos: { mismatchCount: 0 },
    });
  });

  it('sends the error text of a disconnection fault, and the edge event when an edge goes offline', async () => {
    const instance = trunkInstances(fake.state).find((t) => t.edge?.name === 'virtual-edge-i-0a1b2c3d4e5f60002')!;
    const edgeId = instance.edge!.id!;
    const { messages } = await subscribe([
      `v2.telephony.providers.edges.trunks.${instance.id}`,
      `v2.telephony.providers.edges.${edgeId}`,
    ]);
    const res = await fetch(`${fake.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({
        disconnected: [
          { trunkBase: 'Twilio', edge: instance.edge!.name, errorInfo: { text: 'OPTIONS timed out', code: '408' } },
        ],
      }),
    });
    expect(res.status).toBe(200);
    await until(() => messages.some((m) => m.topicName.endsWith(instance.id!)));
    const event = messages.find((m) => m.topicName.endsWith(instance.id!))!.eventBody as {
      optionsStatus: { errorInfo?: { text?: string } }[];
    };
    expect(event.optionsStatus[0]?.errorInfo?.text).toBe('OPTIONS timed out');

    fake.setFaults({ edgesOffline: [instance.edge!.name!] });
    await until(() => messages.some((m) => m.topicName === `v2.telephony.providers.edges.${edgeId}`));
    expect(messages.find((m) => m.topicName === `v2.telephony.providers.edges.${edgeId}`)?.eventBody).toEqual({
      id: edgeId,
      onlineStatus: 'OFFLINE',
    });
  });

  it('refuses an unknown topic', async () => {
    const channel = await client.createNotificationChannel();
    await expect(client.setSubscriptions(channel.id, ['v2.users.nobody.presence'])).rejects.toMatchObject({
      status: 400,
    });
  });

  it('warns with socket_closing and then closes; while notifications are down it cuts sockets and refuses new ones', async () => {
    const { ws, messages } = await subscribe([]);
    const closed = new Promise((r) => ws.once('close', r));
    fake.setFaults({ socketClosing: true });
    await until(() => messages.some((m) => m.topicName === 'v2.system.socket_closing'));
    await closed;
    expect(fake.state.faults.socketClosing).toBe(false);

    const second = await subscribe([]);
    const cut = new Promise((r) => second.ws.once('close', r));
    fake.setFaults({ notificationsDown: true });
    await cut;
    const channel = await client.createNotificationChannel();
    const refused = await new Promise<number>((resolve) => {
      const again = new WebSocket(channel.connectUri);
      again.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      again.once('error', () => resolve(-1));
    });
    expect(refused).toBe(503);
  });
});
