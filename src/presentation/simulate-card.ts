/**
 * The `/byoc simulate` card: routable or not first, then what Genesys would do (plan, classification, route,
 * trunks on edges), the Twilio side the Genesys UI cannot see, and every reason with its fix.
 */

import type { SimulatedTrunk, SimulationResult, TwilioCheck } from '../byoc/simulate.js';
import {
  type Card,
  type CardField,
  type CardSection,
  type CardStatus,
  type CardText,
  type CheckRow,
  cardTime,
} from '../cards/card.js';
import { SLASH_COMMAND } from './chat-names.js';

export function simulateCard(r: SimulationResult): Card {
  switch (r.outcome) {
    case 'input-error':
      return simulateInputErrorCard(r);
    case 'unknown-site':
      return unknownSiteCard(r);
    case 'genesys-unavailable':
      return {
        title: `Simulate ${shown(r)}: Genesys Cloud unreachable`,
        status: 'fail',
        summary: r.reasons[0]?.message ?? 'Genesys Cloud could not be reached.',
        sections: reasonsSection(r),
        footer: footer(r),
      };
    default:
      return resultCard(r);
  }
}

/** Input the dial plan cannot take (letters, empty, no plan matches), with examples for the site's country. */
export function simulateInputErrorCard(r: SimulationResult): Card {
  const err = r.inputError;
  const sections: CardSection[] = [];
  if (err && err.examples.length > 0) {
    sections.push({
      title: `Numbers that work${r.country ? ` from ${r.country}` : ''}`,
      items: err.examples.map((e) => `\`${SLASH_COMMAND} simulate ${e}\``),
    });
  }
  const planErrors = r.reasons.filter((x) => x.code === 'PLAN_ERROR');
  if (planErrors.length > 0) sections.push({ title: 'Plans skipped', checks: planErrors.map(reasonRow) });
  return {
    title: `Cannot simulate ${shown(r)}`,
    status: 'warn',
    summary: err?.message ?? r.reasons[0]?.message ?? 'The number cannot be simulated.',
    fields: r.site ? [{ label: 'Site', value: r.site.name }] : [],
    sections,
    footer: footer(r),
  };
}

function unknownSiteCard(r: SimulationResult): Card {
  return {
    title: `No site named "${r.input.site ?? ''}"`,
    status: 'warn',
    summary: `Pick one of the sites with --site: ${r.siteNames.join(', ')}.`,
    sections: [{ title: 'Sites', items: r.siteNames }],
    footer: footer(r),
  };
}

function resultCard(r: SimulationResult): Card {
  const fields: CardField[] = [
    { label: 'Site', value: r.site?.name ?? 'none' },
    { label: 'Dialed', value: r.input.number },
    { label: 'Normalized', value: r.normalizedNumber ?? '—' },
    { label: 'Number plan', value: r.numberPlan ? `${r.numberPlan.name} (${r.numberPlan.matchType})` : 'none matched' },
    { label: 'Classification', value: r.classification ?? '—' },
    {
      label: 'Outbound route',
      value: r.outboundRoute ? `${r.outboundRoute.name} (${r.outboundRoute.distribution})` : 'none',
    },
  ];
  if (r.input.from) fields.push({ label: 'From', value: r.input.from });

  const sections: CardSection[] = [];
  if (r.site?.chosenBecause) sections.push({ text: r.site.chosenBecause });
  if (r.trunks.length > 0) {
    sections.push({
      title:
        r.outboundRoute?.distribution === 'RANDOM'
          ? 'Trunks (RANDOM: calls are spread over these)'
          : 'Trunks, in the order they are tried',
      checks: r.trunks.flatMap(trunkRows),
    });
  }
  if (r.twilio.length > 0) sections.push({ title: 'Twilio side', checks: r.twilio.map(twilioRow) });
  sections.push(...reasonsSection(r));

  return {
    title: `Simulate ${shown(r)}: ${r.routable ? 'routable' : 'NOT routable'}`,
    status: r.routable ? (r.reasons.length > 0 ? 'warn' : 'ok') : 'fail',
    summary: summary(r),
    fields,
    sections,
    footer: footer(r),
  };
}

function summary(r: SimulationResult): string {
  if (r.routable && r.via) {
    const edges = r.via.edges.map((e) => e.name).join(', ');
    return `Routable: ${r.classification} via "${r.outboundRoute?.name}" on trunk "${r.via.trunk.name}" (${edges}) to ${r.normalizedNumber}.`;
  }
  const blocking = r.reasons.filter((x) => x.blocking);
  const first = blocking[0];
  if (!first) return 'Not routable.';
  return `Not routable: ${first.message}${blocking.length > 1 ? ` (+${blocking.length - 1} more below)` : ''}`;
}

function trunkRows(t: SimulatedTrunk): CheckRow[] {
  if (t.edges.length === 0) {
    return [{ status: 'fail', label: t.name, detail: t.problem ?? (t.inService ? 'on no edge' : 'out of service') }];
  }
  return t.edges.map((e) => {
    const usable = t.inService && e.connected && e.inService;
    const options = e.options.map((o) => `OPTIONS ${o.proxy} ${o.ok ? 'ok' : 'failing'}`).join(' · ');
    const state = !t.inService
      ? 'trunk out of service'
      : usable
        ? 'connected'
        : `${e.connected ? 'not in service' : 'disconnected'}${e.error ? `: ${e.error}` : ''}`;
    const status: CardStatus = usable ? 'ok' : t.operational ? 'warn' : 'fail';
    return { status, label: `${t.name} on ${e.name}`, detail: [state, options].filter(Boolean).join(' · ') };
  });
}

function twilioRow(c: TwilioCheck): CheckRow {
  return { status: c.ok === null ? 'skip' : c.ok ? 'ok' : 'fail', label: c.label, detail: c.detail };
}

function reasonRow(x: SimulationResult['reasons'][number]): CheckRow {
  return { status: x.blocking ? 'fail' : 'warn', label: x.message, fix: x.fix };
}

function reasonsSection(r: SimulationResult): CardSection[] {
  if (r.reasons.length === 0) return [];
  const blocking = r.reasons.filter((x) => x.blocking);
  const warnings = r.reasons.filter((x) => !x.blocking);
  return [
    ...(blocking.length > 0 ? [{ title: 'Why not', checks: blocking.map(reasonRow) }] : []),
    ...(warnings.length > 0 ? [{ title: 'Warnings', checks: warnings.map(reasonRow) }] : []),
  ];
}

function shown(r: SimulationResult): string {
  return r.input.number.trim() === '' ? '(empty number)' : r.input.number;
}

function footer(r: SimulationResult): CardText {
  return ['Snapshot taken ', cardTime(r.takenAt)];
}
