/**
 * What a route is: a method, a path (exact, or a pattern whose named groups are its parameters), the
 * fault route it counts as, and its handler. The route table (route-table.ts) is a list of these, grouped
 * in areas (IMS, AEM, control), and serves both fault injection and dispatch.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestRoute } from './faults';
import type { Reply } from './replies';
import type { EmulatorStore } from './store';

export type Method = 'GET' | 'POST' | 'PUT';

/** A request as a handler sees it: already logged, faulted and delayed as needed, its body read. */
export interface RouteRequest {
  req: IncomingMessage;
  method: string;
  url: URL;
  /** The named groups of the route's path pattern, e.g. `env`. */
  params: Record<string, string>;
  body: Buffer;
  store: EmulatorStore;
}

export type Handler = (r: RouteRequest) => Reply | Promise<Reply>;

export interface Route {
  method: Method;
  path: string | RegExp;
  /** The fault route (`--faults ROUTE:KIND`) requests to it count as; none for the control routes. */
  fault?: RequestRoute;
  handler: Handler;
}

/** A part of the emulator's URL space with its routes, and its answer when none matches. */
export interface Area {
  owns(path: string): boolean;
  routes: readonly Route[];
  /**
   * The reply when no route matches: `allowed` lists the methods of the routes whose path matches
   * (a 405), and is empty when none does (a 404).
   */
  unmatched(method: string, path: string, allowed: string[], store: EmulatorStore): Reply;
}

/** The route for a method and path with its parameters, or the methods the path allows (none: unknown path). */
export type Match = { route: Route; params: Record<string, string> } | { route?: undefined; allowed: string[] };

function pathParams(route: Route, path: string): Record<string, string> | undefined {
  if (typeof route.path === 'string') return route.path === path ? {} : undefined;
  const m = route.path.exec(path);
  return m ? { ...m.groups } : undefined;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = pathParams(route, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return { allowed };
}
