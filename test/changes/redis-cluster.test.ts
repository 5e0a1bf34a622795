/**
 * The bot on a three-master Redis Cluster the test starts itself (`--cluster-enabled yes`, `redis-cli --cluster
 * create`): a command, a change request, its approval and the change run end to end through the sandbox, and every
 * key the bot wrote is in the one slot of its hash-tagged prefix (BullMQ's and the approvals' scripts touch several
 * keys at once, which a cluster only allows within one slot).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedisCluster } from '../support/private-redis.js';
import {
  approvalIdOn,
  approve,
  ask,
  askToDisable,
  type Bench,
  expectDisabledByOneWrite,
  OPERATOR,
  startBench,
  waitForCard,
} from './helpers.js';

let cluster: PrivateRedisCluster;
let bench: Bench;
const prefix = `{t-${randomUUID().slice(0, 8)}}`;

beforeAll(async () => {
  cluster = await PrivateRedisCluster.start();
  bench = await startBench({
    env: {
      REDIS_CLUSTER_NODES: cluster.ports.map((p) => `127.0.0.1:${p}`).join(','),
      QUEUE_PREFIX: prefix,
    },
  });
}, 90_000);

afterAll(async () => {
  await bench?.close();
  await cluster?.stop();
}, 60_000);

describe('on a Redis Cluster', () => {
  it('a command, an approval and a change run end to end, every key in one slot', async () => {
    const { h, sandbox } = bench;
    expect(h.config.redis.kind).toBe('cluster');

    const status = await ask(h, 'status', OPERATOR);
    expect(status.text).toContain('twilioABC');

    const card = await askToDisable(h, 'cluster story');
    expect(card.text).toContain('Approval needed');
    const id = approvalIdOn(card.message);
    sandbox.genesys.resetRequests();
    await approve(h, card);
    await waitForCard(h, card.ts, 'Applied and verified', 30_000);
    expectDisabledByOneWrite(sandbox);
    const audit = (await h.bot.services.audit.query({ last: 20 })).filter((e) => e.approvalId === id);
    expect(audit.map((e) => e.action).sort()).toEqual(['apply', 'approve', 'request']);

    const counts: { keys: number; inSlot: number }[] = [];
    for (const port of cluster.ports) {
      const node = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
      try {
        const slot = Number(await node.call('CLUSTER', 'KEYSLOT', prefix));
        counts.push({
          keys: await node.dbsize(),
          inSlot: Number(await node.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot))),
        });
      } finally {
        node.disconnect();
      }
    }
    const total = counts.reduce((n, c) => n + c.keys, 0);
    expect(total).toBeGreaterThan(10);
    // One node holds the slot, and every key there is in it.
    expect(counts.filter((c) => c.keys > 0)).toEqual([{ keys: total, inSlot: total }]);
    // Nothing the bot did in the background was refused by the cluster either.
    expect(h.logLines.filter((l) => /CROSSSLOT|MOVED|ASK |CLUSTERDOWN|"level":50/.test(l))).toEqual([]);
  }, 90_000);
});
