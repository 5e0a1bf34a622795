/**
 * Checks a rendered Adaptive Card with Microsoft's own `adaptivecards` package: what its parser reports (unknown
 * element types, bad values) and what it drops when it reads the card (unknown properties, unknown actions), so a
 * card that passes is one Teams' renderer reads completely.
 */
import * as AC from 'adaptivecards';

export function adaptiveCardProblems(json: unknown): string[] {
  const problems: string[] = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json as Record<string, unknown>, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parser: ${context.getEventAt(i).message}`);
  const roundTrip = card.toJSON() as unknown;
  problems.push(...droppedBy(json, roundTrip, '$'));
  return problems;
}

/** Every property of `given` the parser did not keep (it keeps only what it knows). */
function droppedBy(given: unknown, kept: unknown, path: string): string[] {
  if (Array.isArray(given)) {
    if (!Array.isArray(kept)) return [`${path}: dropped`];
    return given.flatMap((item, i) => droppedBy(item, kept[i], `${path}[${i}]`));
  }
  if (given && typeof given === 'object') {
    if (!kept || typeof kept !== 'object') return [`${path}: dropped`];
    return Object.entries(given as Record<string, unknown>).flatMap(([key, value]) => {
      // `data` is free-form: the parser keeps it as given.
      if (!(key in (kept as Record<string, unknown>))) return [`${path}.${key}: unknown to the parser`];
      return key === 'data' ? [] : droppedBy(value, (kept as Record<string, unknown>)[key], `${path}.${key}`);
    });
  }
  return [];
}
