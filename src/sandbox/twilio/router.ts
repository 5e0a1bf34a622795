/** The fake's tiny router: a route is a method, a path pattern and a handler over the shared state. */
import type { RenderContext } from './render.js';
import type { TwilioFakeState } from './state.js';

export interface RouteRequest {
  /** Captured path segments, in order. */
  params: string[];
  path: string;
  query: URLSearchParams;
  /** The form-encoded body (PascalCase keys); empty for GET and DELETE. */
  form: URLSearchParams;
  state: TwilioFakeState;
  render: RenderContext;
  /** The fake's clock, for created/updated dates and relative filters. */
  nowMs: number;
}

export interface RouteResult {
  status: number;
  /** Absent for 204. */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle(req: RouteRequest): RouteResult;
}

/** `{x}` in a template is one path segment. */
export function route(method: Route['method'], template: string, handle: Route['handle']): Route {
  const source = template.replace(/[.]/g, '\\.').replace(/\{[A-Za-z]+\}/g, '([^/]+)');
  return { method, pattern: new RegExp(`^${source}$`), handle };
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });
