/**
 * Plan: put a BYOC trunk base in or out of service. Genesys has one switch for it, the trunk base property
 * `trunk_enabled`; the trunk instances on the edges derive their `inService` from it (docs/vendor-facts.md,
 * "Genesys Cloud client"), which is what the applier verifies afterwards.
 */
import { type ByocSnapshot, byocTrunkBases, type GenesysPart, type TrunkBase } from '../snapshot.js';
import { type ChangePlan, type PlanResult, type PlanStep, planned, refused } from './change-plan.js';
import { genesysOf } from './lookups.js';

const describeInService = (on: boolean) => `trunk_enabled: ${on} (${on ? 'in service' : 'out of service'})`;

/** `trunkName` is matched case-insensitively against the BYOC trunk bases; an unknown name lists the known ones. */
export function planTrunkInService(snapshot: ByocSnapshot, trunkName: string, enable: boolean): PlanResult {
  const g = genesysOf(snapshot);
  if (!g.ok) return refused(g.error);
  const bases = byocTrunkBases(g.value);
  const wanted = trunkName.trim().toLowerCase();
  const trunkBase = bases.find((t) => t.name.toLowerCase() === wanted);
  if (!trunkBase) {
    const known = bases.map((t) => t.name);
    return refused({
      code: 'trunk.unknown',
      known,
      message: known.length
        ? `There is no BYOC trunk named "${trunkName}". BYOC trunks: ${known.map((n) => `"${n}"`).join(', ')}.`
        : `There is no BYOC trunk named "${trunkName}": the org has no BYOC Cloud trunk.`,
    });
  }
  return planned(trunkInServicePlan(snapshot, g.value, trunkBase, enable));
}

/** The same plan for a trunk base known by id (a doctor remediation carries the id, not the name). */
export function planTrunkInServiceById(
  snapshot: ByocSnapshot,
  trunkBaseId: string,
  enable: boolean,
  nameSeen = trunkBaseId,
): PlanResult {
  const g = genesysOf(snapshot);
  if (!g.ok) return refused(g.error);
  const trunkBase = g.value.trunkBases.find((t) => t.id === trunkBaseId);
  if (!trunkBase) {
    return refused({ code: 'target.unknown', message: `The trunk base "${nameSeen}" no longer exists.` });
  }
  return planned(trunkInServicePlan(snapshot, g.value, trunkBase, enable));
}

function trunkInServicePlan(
  snapshot: ByocSnapshot,
  g: GenesysPart,
  trunkBase: TrunkBase,
  enable: boolean,
): Omit<ChangePlan, 'alreadyInPlace'> {
  const before = trunkBase.settings.inService;
  const step: PlanStep = {
    action: 'genesys.trunkBase.setInService',
    trunkBaseId: trunkBase.id,
    inService: enable,
    versionSeen: trunkBase.version,
    vendor: 'genesys',
    target: `trunk base "${trunkBase.name}"`,
    before: describeInService(before),
    after: describeInService(enable),
    noop: before === enable,
  };
  const { impact, lastOfRoutes } = trunkImpact(g, trunkBase, enable);
  const confirmRequired =
    !enable && !step.noop && lastOfRoutes.length > 0
      ? `"${trunkBase.name}" is the last in-service trunk of the outbound route${lastOfRoutes.length > 1 ? 's' : ''} ` +
        `${lastOfRoutes.map((r) => `"${r}"`).join(', ')}: outbound calls on ${lastOfRoutes.length > 1 ? 'them' : 'it'} ` +
        'will fail until a trunk is back in service.'
      : undefined;
  return {
    kind: enable ? 'trunk.enable' : 'trunk.disable',
    title: enable
      ? `Put the trunk "${trunkBase.name}" in service`
      : `Take the trunk "${trunkBase.name}" out of service`,
    orgKey: snapshot.orgKey,
    steps: [step],
    impact,
    ...(confirmRequired ? { confirmRequired } : {}),
    subject: { trunkBase: { id: trunkBase.id, name: trunkBase.name } },
    snapshotTakenAt: snapshot.takenAt,
  };
}

/** Calls on the trunk now, where it runs, and what its outbound routes lose or gain. */
function trunkImpact(
  g: GenesysPart,
  trunkBase: TrunkBase,
  enable: boolean,
): { impact: string[]; lastOfRoutes: string[] } {
  const impact: string[] = [];
  const instances = g.trunks.filter((t) => t.trunkBaseId === trunkBase.id);
  const instanceIds = new Set(instances.map((t) => t.id));
  const metrics = g.trunkMetrics.filter((m) => instanceIds.has(m.trunkId));
  if (metrics.length === 0) {
    impact.push('Calls in progress on it now: unknown (Genesys reported no trunk metrics).');
  } else {
    const inbound = metrics.reduce((n, m) => n + m.inboundCallCount, 0);
    const outbound = metrics.reduce((n, m) => n + m.outboundCallCount, 0);
    impact.push(
      inbound + outbound === 0
        ? 'Calls in progress on it now: none.'
        : `Calls in progress on it now: ${inbound} inbound, ${outbound} outbound.`,
    );
  }
  if (instances.length > 0) {
    impact.push(
      `It runs on ${instances.length} edge${instances.length > 1 ? 's' : ''}: ${instances.map((t) => t.edge.name).join(', ')}.`,
    );
  }

  const lastOfRoutes: string[] = [];
  const routes = g.outboundRoutes.filter((r) => r.externalTrunkBases.some((t) => t.id === trunkBase.id));
  if (routes.length === 0) impact.push('No outbound route uses it: only inbound calls depend on it.');
  for (const route of routes) {
    const classes = route.classificationTypes.join(', ');
    if (!route.enabled) {
      impact.push(`The outbound route "${route.name}" uses it but is disabled.`);
      continue;
    }
    if (enable) {
      impact.push(`The outbound route "${route.name}" (${classes}) can place calls on it again.`);
      continue;
    }
    const others = route.externalTrunkBases
      .filter((ref) => ref.id !== trunkBase.id)
      .filter((ref) => g.trunkBases.find((t) => t.id === ref.id)?.settings.inService === true);
    if (others.length === 0) {
      lastOfRoutes.push(route.name);
      impact.push(
        `It is the last in-service trunk of the outbound route "${route.name}": ${classes} calls on it will fail.`,
      );
    } else {
      impact.push(
        `The outbound route "${route.name}" keeps ${others.length} in-service trunk${others.length > 1 ? 's' : ''}: ${others.map((o) => `"${o.name}"`).join(', ')}.`,
      );
    }
  }
  return { impact, lastOfRoutes };
}
