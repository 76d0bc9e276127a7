/**
 * The emulator's one route table: the IMS, AEM and control areas' routes. A request is matched once,
 * and the match gives both its fault route (for fault injection) and its handler (for dispatch).
 */
import type { RequestRoute } from './faults';
import { aemArea } from './aem-routes';
import { controlArea } from './control-routes';
import { imsArea } from './ims-routes';
import { aemError } from './replies';
import { type Area, type Match, matchRoute } from './route';

const AREAS: readonly Area[] = [controlArea, imsArea, aemArea];

/** Paths outside every area. */
const NOWHERE: Area = {
  owns: () => true,
  routes: [],
  unmatched: (method, path) =>
    aemError(404, 'not_found', `no route ${method} ${path} in the emulator (IMS is under /ims/, AEM environments under /env/<id>)`),
};

/** A request's area, whether that is the control routes', and its match among the area's routes. */
export interface Resolution {
  area: Area;
  control: boolean;
  match: Match;
}

export function resolve(method: string, path: string): Resolution {
  const area = AREAS.find((a) => a.owns(path)) ?? NOWHERE;
  return { area, control: area === controlArea, match: matchRoute(area.routes, method, path) };
}

/** The fault route a request counts as (undefined: no fault applies, e.g. a control route or an unknown path). */
export function faultRouteOf(method: string, path: string): RequestRoute | undefined {
  return resolve(method, path).match.route?.fault;
}
