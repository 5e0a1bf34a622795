/**
 * What the fake computes from its state on every read rather than storing: trunk instances (one per BYOC trunk
 * base per managed edge) and DIDs. Computing them keeps them true after every write: turning `trunk_enabled` off
 * takes the instances out of service, a new pool's numbers appear in `didpools/dids`, a PATCHed user owns the DID.
 *
 * As in Genesys Cloud, a number that is only in a pool is not a DID: `GET …/edges/dids` lists the numbers assigned
 * to a user, phone, IVR or group, and `GET …/didpools/dids?type=UNASSIGNED` lists the others (docs/vendor-facts.md,
 * "DIDs exist only once assigned").
 */
import type platformClient from 'purecloud-platform-client-v2';
import { decodeTrunkBaseSettings } from '../../byoc/trunk-settings.js';
import type { Did, DidNumber, DidPool, Trunk, TrunkBase } from '../../genesys/models.js';
import { expandRange, trunkInstanceId, uuidFor } from '../scenario-snapshot.js';
import { CREATED, type GenesysFakeState, ref, selfUri } from './state.js';

/**
 * Instances exist for customer-made external trunk bases; managed ones (PureCloud Voice - AWS) are Genesys's own,
 * and a deleted one is only a leftover in the listing.
 */
function hasInstances(tb: TrunkBase): boolean {
  return tb.trunkType === 'EXTERNAL' && !tb.managed && tb.state !== 'deleted';
}

export function trunkInstances(state: GenesysFakeState): Trunk[] {
  const out: Trunk[] = [];
  const managedEdges = state.edges.filter((e) => e.managed && e.state !== 'deleted');
  for (const tb of state.trunkBases.filter(hasInstances)) {
    const settings = decodeTrunkBaseSettings(tb.properties);
    for (const edge of managedEdges) {
      const id = trunkInstanceId(tb.id!, edge.id!);
      const fault = state.faults.disconnected.find((d) => d.trunkBase === tb.name && d.edge === edge.name);
      const errorInfo: platformClient.Models.TrunkErrorInfo | undefined = fault
        ? { text: fault.errorInfo.text, code: fault.errorInfo.code }
        : edge.onlineStatus !== 'ONLINE'
          ? { text: `Edge ${edge.name} is offline`, code: 'edge.offline' }
          : undefined;
      const online = edge.onlineStatus === 'ONLINE';
      const up = settings.inService && !fault && online;
      out.push({
        id,
        name: `${tb.name} - ${edge.name}`,
        state: 'active',
        trunkType: tb.trunkType,
        edge: ref(edge.id!, edge.name, selfUri.edge(edge.id!)),
        trunkBase: ref(tb.id!, tb.name, selfUri.trunkBase(tb.id!)),
        trunkMetabase: tb.trunkMetabase,
        edgeGroup: edge.edgeGroup ? ref(edge.edgeGroup.id!, edge.edgeGroup.name, edge.edgeGroup.selfUri) : undefined,
        // Trunk.inService follows the trunk base's trunk_enabled; Trunk.enabled is the edge being in service
        // (docs/vendor-facts.md, "Genesys Cloud telephony objects").
        inService: settings.inService,
        enabled: online,
        connectedStatus: { connected: up, connectedStateTime: CREATED },
        optionsStatus: settings.proxies.map((proxyAddress) => ({
          proxyAddress,
          optionState: up,
          optionStateTime: CREATED,
          errorInfo,
        })),
        optionsEnabledStatus: 'ENABLED',
        registersEnabledStatus: 'NOT_SUPPORTED',
        family: 2,
        proxyAddressList: [...settings.proxies],
        selfUri: selfUri.trunk(id),
      });
    }
  }
  return out;
}

export interface Ownership {
  owner?: platformClient.Models.DomainEntityRef;
  ownerType?: string;
}

/** A number belongs to the user holding it as a PHONE address, else to the IVR listing it in `dnis`. */
export function ownerOf(state: GenesysFakeState, number: string): Ownership {
  const user = state.users.find((u) => u.addresses?.some((a) => a.mediaType === 'PHONE' && a.address === number));
  if (user) return { owner: ref(user.id!, user.name ?? '', selfUri.user(user.id!)), ownerType: 'USER' };
  const ivr = state.ivrs.find((i) => i.dnis?.includes(number));
  if (ivr) return { owner: ref(ivr.id!, ivr.name, selfUri.ivr(ivr.id!)), ownerType: 'IVR_CONFIG' };
  return {};
}

export function didId(number: string): string {
  return uuidFor(`did:${number}`);
}

export function poolNumbers(pool: DidPool): string[] {
  return expandRange(pool.startPhoneNumber, pool.endPhoneNumber);
}

/** The DIDs `GET …/edges/dids` lists: numbers of live pools that someone owns. */
export function dids(state: GenesysFakeState): Did[] {
  return livePools(state).flatMap((pool) =>
    poolNumbers(pool).flatMap((number) => {
      const owned = ownerOf(state, number);
      if (!owned.owner) return [];
      const id = didId(number);
      return {
        id,
        name: number,
        state: 'active',
        phoneNumber: number,
        didPool: ref(pool.id!, pool.name, selfUri.didPool(pool.id!)),
        ...owned,
        selfUri: selfUri.did(id),
      };
    }),
  );
}

/** A deleted pool still answers GET by id with `state: deleted`, but holds no numbers. */
function livePools(state: GenesysFakeState): DidPool[] {
  return state.didPools.filter((p) => p.state !== 'deleted');
}

export function didNumbers(state: GenesysFakeState, poolIds?: string[]): DidNumber[] {
  return livePools(state)
    .filter((p) => !poolIds?.length || poolIds.includes(p.id!))
    .flatMap((pool) =>
      poolNumbers(pool).map((number) => {
        const owned = ownerOf(state, number);
        return {
          id: didId(number),
          name: number,
          number,
          assigned: owned.owner !== undefined,
          didPool: { id: pool.id, selfUri: selfUri.didPool(pool.id!) },
          ...owned,
        };
      }),
    );
}
