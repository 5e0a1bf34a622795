/**
 * Genesys Cloud wire conventions the fake follows (docs/vendor-facts.md, "Genesys Cloud client"): the paged listing envelope with
 * `pageSize` (default 25) and 1-based `pageNumber`, and the ErrorBody shape with its dotted codes.
 */
import type platformClient from 'purecloud-platform-client-v2';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 500;

export interface Listing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  selfUri: string;
  lastUri: string;
  nextUri?: string;
  previousUri?: string;
}

function intParam(url: URL, name: string, fallback: number): number {
  const n = Number.parseInt(url.searchParams.get(name) ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** One page of `items` as the listing envelope, with URIs that keep the request's other query parameters. */
export function page<T>(items: readonly T[], url: URL): Listing<T> {
  const pageSize = Math.min(intParam(url, 'pageSize', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const pageNumber = intParam(url, 'pageNumber', 1);
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (n: number) => {
    const q = new URLSearchParams(url.searchParams);
    q.set('pageSize', String(pageSize));
    q.set('pageNumber', String(n));
    return `${url.pathname}?${q.toString()}`;
  };
  const listing: Listing<T> = {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(1, pageCount)),
  };
  if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) listing.previousUri = uri(pageNumber - 1);
  return listing;
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

export function errorBody(status: number, code: string, message: string): platformClient.Models.ErrorBody {
  return { message, code, status, messageParams: {}, details: [], errors: [] };
}

export function fail(status: number, code: string, message: string): Reply {
  return { status, body: errorBody(status, code, message) };
}

export const notFound = (what: string, id: string): Reply =>
  fail(404, 'not.found', `Unable to find a ${what} with id ${id}`);

/** Query arrays arrive comma-joined (`id=a,b`) or repeated the way axios writes them (`id[]=a&id[]=b`). */
export function listParam(url: URL, name: string): string[] {
  return [...url.searchParams.getAll(name), ...url.searchParams.getAll(`${name}[]`)]
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function boolParam(url: URL, name: string): boolean | undefined {
  const v = url.searchParams.get(name);
  return v === null ? undefined : v === 'true';
}
