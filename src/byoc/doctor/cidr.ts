/**
 * CIDR containment for allow lists, with ipaddr.js: "54.172.60.0/30 is covered by 54.172.60.0/24" is arithmetic
 * on addresses, not string comparison. A bare address is a /32 (IPv4) or /128 (IPv6).
 */
import ipaddr from 'ipaddr.js';

export interface ParsedRange {
  text: string;
  addr: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

/** `54.172.60.0/30`, `52.212.65.21` or `{ip, prefix}` -> a range; undefined when it is not an address. */
export function parseRange(text: string, prefixLength?: number): ParsedRange | undefined {
  const t = text.trim();
  try {
    if (t.includes('/')) {
      const [addr, prefix] = ipaddr.parseCIDR(t);
      return { text: t, addr, prefix };
    }
    if (!ipaddr.isValid(t)) return undefined;
    const addr = ipaddr.parse(t);
    const max = addr.kind() === 'ipv4' ? 32 : 128;
    const prefix = prefixLength ?? max;
    if (prefix < 0 || prefix > max) return undefined;
    return { text: prefixLength !== undefined && prefixLength !== max ? `${t}/${prefix}` : t, addr, prefix };
  } catch {
    return undefined;
  }
}

/** Whether every address of `inner` is inside `outer`. Different address families never contain each other. */
export function rangeContains(outer: ParsedRange, inner: ParsedRange): boolean {
  if (outer.addr.kind() !== inner.addr.kind()) return false;
  if (outer.prefix > inner.prefix) return false;
  return inner.addr.match(outer.addr, outer.prefix);
}

/** The first range of `list` that covers `inner`, if any. */
export function coveredBy(list: ParsedRange[], inner: ParsedRange): ParsedRange | undefined {
  return list.find((outer) => rangeContains(outer, inner));
}

/** Parses a list, keeping what is not an address apart (so evidence can show it). */
export function parseRanges(texts: string[]): { ranges: ParsedRange[]; invalid: string[] } {
  const ranges: ParsedRange[] = [];
  const invalid: string[] = [];
  for (const t of texts) {
    const r = parseRange(t);
    if (r) ranges.push(r);
    else invalid.push(t);
  }
  return { ranges, invalid };
}
