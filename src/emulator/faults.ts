/**
 * Fault injection for the emulator: `ROUTE:KIND[xCOUNT]`, comma-separated (docs/contract.md, "The emulator").
 * The next COUNT (default 1) requests matching ROUTE fail with KIND, in the order the rules were given.
 */
import { EMULATOR } from '../contract';

export type FaultRoute = (typeof EMULATOR.faultRoutes)[number];
export type FaultKind = (typeof EMULATOR.faultKinds)[number];
/** A route a request can match: every fault route except the wildcard. */
export type RequestRoute = Exclude<FaultRoute, '*'>;

export interface FaultRule {
  route: FaultRoute;
  kind: FaultKind;
  /** How many more matching requests fail. */
  count: number;
}

const MAX_COUNT = 1_000_000;

function isRoute(s: string): s is FaultRoute {
  return (EMULATOR.faultRoutes as readonly string[]).includes(s);
}
function isKind(s: string): s is FaultKind {
  return (EMULATOR.faultKinds as readonly string[]).includes(s);
}

const ALLOWED =
  `routes: ${EMULATOR.faultRoutes.join(', ')}; kinds: ${EMULATOR.faultKinds.join(', ')}; ` +
  `format ROUTE:KIND[xCOUNT], comma-separated, e.g. token:429x2,binding-put:reset`;

/**
 * Parses a fault spec such as `token:429x2,binding-put:reset`. An empty (or blank) spec means no
 * faults. Throws an Error naming the bad part and listing the allowed routes and kinds.
 */
export function parseFaultSpec(spec: string): FaultRule[] {
  if (typeof spec !== 'string') throw new Error(`invalid fault spec: expected a string; ${ALLOWED}`);
  if (spec.trim() === '') return [];
  return spec.split(',').map((raw, index) => {
    const part = raw.trim();
    const bad = (why: string) => new Error(`invalid fault spec: entry ${index + 1} ${JSON.stringify(part)}: ${why}; ${ALLOWED}`);
    if (part === '') throw bad('empty entry');
    const colon = part.indexOf(':');
    if (colon < 0) throw bad('missing ":" between route and kind');
    const route = part.slice(0, colon).trim();
    const rest = part.slice(colon + 1).trim();
    if (!isRoute(route)) throw bad(`unknown route ${JSON.stringify(route)}`);
    const m = /^([^x]*)(?:x(.*))?$/.exec(rest);
    const kind = (m?.[1] ?? '').trim();
    const countText = m?.[2];
    if (!isKind(kind)) throw bad(`unknown kind ${JSON.stringify(kind)}`);
    let count = 1;
    if (countText !== undefined) {
      if (!/^[1-9][0-9]*$/.test(countText.trim()) || Number(countText) > MAX_COUNT) {
        throw bad(`count ${JSON.stringify(countText)} is not a whole number from 1 to ${MAX_COUNT}`);
      }
      count = Number(countText);
    }
    return { route, kind, count };
  });
}

/** The pending faults of a running emulator. */
export class FaultQueue {
  private rules: FaultRule[] = [];

  /** Replaces the pending list. */
  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The pending rules (copies), in order. */
  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Consumes one count of the first rule matching `route` (or `*`) and returns its kind. */
  take(route: RequestRoute): FaultKind | undefined {
    const rule = this.rules.find((r) => r.count > 0 && (r.route === route || r.route === '*'));
    if (!rule) return undefined;
    rule.count -= 1;
    this.rules = this.rules.filter((r) => r.count > 0);
    return rule.kind;
  }
}
