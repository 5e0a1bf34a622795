/**
 * The two list envelopes (docs/vendor-facts.md, "Twilio REST conventions"): v1 puts paging in `meta` with an ABSOLUTE
 * `next_page_url`, which the SDK follows as is, so the fake writes its own origin there; 2010 is flat with RELATIVE
 * `*_uri`s the SDK appends to the domain's base URL. Both take `PageSize` (1-1000, default 50), `Page` and an opaque
 * `PageToken`.
 */
import { invalidParameter } from './wire.js';

const PAGING_KEYS = ['PageSize', 'Page', 'PageToken'];

interface PageWindow<T> {
  items: T[];
  page: number;
  pageSize: number;
  start: number;
  hasNext: boolean;
  /** The query without paging keys: filters carry over into every page link. */
  filters: URLSearchParams;
  token?: string;
}

/** Our PageToken is the index of the page's first item; clients treat it as opaque, as they must with Twilio's. */
const tokenFor = (start: number) => `PA${start}`;

function window<T>(all: T[], query: URLSearchParams): PageWindow<T> {
  const rawSize = query.get('PageSize');
  const pageSize = rawSize === null ? 50 : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw invalidParameter('Invalid parameter PageSize: an integer from 1 to 1000');
  }
  const rawPage = query.get('Page');
  const page = rawPage === null ? 0 : Number(rawPage);
  if (!Number.isInteger(page) || page < 0) throw invalidParameter('Invalid parameter Page: an integer from 0');
  const token = query.get('PageToken') ?? undefined;
  let start = page * pageSize;
  if (token !== undefined) {
    const m = /^PA(\d+)$/.exec(token);
    if (!m) throw invalidParameter('Invalid parameter PageToken');
    start = Number(m[1]);
  }
  const filters = new URLSearchParams([...query].filter(([k]) => !PAGING_KEYS.includes(k)));
  return {
    items: all.slice(start, start + pageSize),
    page,
    pageSize,
    start,
    hasNext: start + pageSize < all.length,
    filters,
    token,
  };
}

function link(path: string, filters: URLSearchParams, pageSize: number, page: number, token?: string): string {
  const q = new URLSearchParams(filters);
  q.set('PageSize', String(pageSize));
  q.set('Page', String(page));
  if (token !== undefined) q.set('PageToken', token);
  return `${path}?${q.toString()}`;
}

/** The first, previous, this and next page's links of a window (null where there is none), however spelt. */
function pageLinks(w: ReturnType<typeof window>, at: (page: number, token?: string) => string) {
  return {
    first: at(0),
    previous: w.page > 0 ? at(w.page - 1, tokenFor(Math.max(0, w.start - w.pageSize))) : null,
    current: at(w.page, w.token),
    next: w.hasNext ? at(w.page + 1, tokenFor(w.start + w.pageSize)) : null,
  };
}

export function pageV1<T>(
  origin: string,
  path: string,
  query: URLSearchParams,
  key: string,
  all: T[],
  render: (x: T) => unknown,
): Record<string, unknown> {
  const w = window(all, query);
  const l = pageLinks(w, (page, token) => origin + link(path, w.filters, w.pageSize, page, token));
  return {
    meta: {
      page: w.page,
      page_size: w.pageSize,
      first_page_url: l.first,
      previous_page_url: l.previous,
      url: l.current,
      next_page_url: l.next,
      key,
    },
    [key]: w.items.map(render),
  };
}

export function page2010<T>(
  path: string,
  query: URLSearchParams,
  key: string,
  all: T[],
  render: (x: T) => unknown,
): Record<string, unknown> {
  const w = window(all, query);
  const l = pageLinks(w, (page, token) => link(path, w.filters, w.pageSize, page, token));
  return {
    [key]: w.items.map(render),
    end: w.items.length === 0 ? 0 : w.start + w.items.length - 1,
    first_page_uri: l.first,
    next_page_uri: l.next,
    page: w.page,
    page_size: w.pageSize,
    previous_page_uri: l.previous,
    start: w.start,
    uri: l.current,
  };
}
