/**
 * Reading what the watch needs from Genesys Cloud, and nothing more: the BYOC trunk bases, their instances on the
 * edges and the edges (three listings, so a safety poll every ten minutes stays far under the rate limit), and
 * applying one notification to a view.
 */

import type { WatchedInstance, WatchView } from '../byoc/watch/health.js';
import type { GenesysClient, Trunk, TrunkInstanceTopicTrunk } from '../genesys/client.js';

export async function readWatchView(genesys: GenesysClient, at: Date): Promise<WatchView> {
  const [bases, trunks, edges] = await Promise.all([genesys.trunkBases(), genesys.trunks(), genesys.edges()]);
  const byoc = bases.filter(
    (b) =>
      b.trunkType === 'EXTERNAL' && !b.managed && (b.trunkMetabase?.id ?? '').includes('byoc') && b.state !== 'deleted',
  );
  const ids = new Set(byoc.map((b) => b.id));
  return {
    at: at.toISOString(),
    trunks: byoc.map((b) => ({ id: b.id ?? '', name: b.name ?? b.id ?? '' })),
    instances: trunks.filter((t) => ids.has(t.trunkBase?.id) && t.state !== 'deleted').map(instanceOf),
    edges: edges
      .filter((e) => e.state !== 'deleted')
      .map((e) => ({ id: e.id ?? '', name: e.name ?? e.id ?? '', online: e.onlineStatus === 'ONLINE' })),
  };
}

export function instanceOf(t: Trunk): WatchedInstance {
  const options = (t.optionsStatus ?? []).map((o) => ({
    proxyAddress: o.proxyAddress ?? '',
    ok: o.optionState !== false,
    error: o.errorInfo?.text,
  }));
  return {
    id: t.id ?? '',
    name: t.name ?? t.id ?? '',
    trunkBaseId: t.trunkBase?.id ?? '',
    edge: { id: t.edge?.id ?? '', name: t.edge?.name ?? t.edge?.id ?? '' },
    inService: t.inService !== false,
    connected: t.connectedStatus?.connected !== false,
    options,
    error: t.ipStatus?.errorInfo?.text ?? options.find((o) => !o.ok)?.error,
  };
}

/** The topics of a view: each BYOC trunk instance, its metrics, and the edges they run on. */
export function topicsOf(view: WatchView): string[] {
  const edges = new Set(view.instances.map((i) => i.edge.id).filter((id) => id !== ''));
  return [
    ...view.instances.flatMap((i) => [
      `v2.telephony.providers.edges.trunks.${i.id}`,
      `v2.telephony.providers.edges.trunks.${i.id}.metrics`,
    ]),
    ...[...edges].map((id) => `v2.telephony.providers.edges.${id}`),
  ].sort();
}

const TRUNK_TOPIC = /^v2\.telephony\.providers\.edges\.trunks\.([^.]+)$/;
const EDGE_TOPIC = /^v2\.telephony\.providers\.edges\.([^.]+)$/;

export type ViewChange = { kind: 'trunk'; instanceId: string } | { kind: 'edge'; edgeId: string } | { kind: 'none' };

/** Which part of the view a topic event is about (metrics events change nothing the watch judges). */
export function changeOf(topicName: string): ViewChange {
  const trunk = TRUNK_TOPIC.exec(topicName);
  if (trunk) return { kind: 'trunk', instanceId: trunk[1]! };
  const edge = EDGE_TOPIC.exec(topicName);
  if (edge && edge[1] !== 'trunks') return { kind: 'edge', edgeId: edge[1]! };
  return { kind: 'none' };
}

/** A `TrunkInstanceTopicTrunk` event body applied to the instance it is about (inService is not in it). */
export function patchInstance(instance: WatchedInstance, body: TrunkInstanceTopicTrunk): WatchedInstance {
  const options = body.optionsStatus
    ? body.optionsStatus.map((o) => ({
        proxyAddress: o.proxyAddress ?? '',
        ok: o.optionState !== false,
        error: o.errorInfo?.text,
      }))
    : instance.options;
  return {
    ...instance,
    connected: body.connectedStatus?.connected ?? instance.connected,
    options,
    error: body.ipStatus?.errorInfo?.text ?? options.find((o) => !o.ok)?.error,
  };
}
