/**
 * The control routes, for tests and demos only, under `/__emulator/`: the state (bindings and request
 * log), reset, faults, and a switch made by hand. They are never logged, delayed or faulted.
 * Clients use `emulatorControl` (control-client.ts) rather than these paths.
 */
import { EMULATOR } from '../contract';
import { unknownEnvironment } from './aem-routes';
import { parseFaultSpec } from './faults';
import { aemError, parseJsonObject, reply, type Reply } from './replies';
import type { Area, Route, RouteRequest } from './route';

function setFaults(r: RouteRequest): Reply {
  const parsed = parseJsonObject(r.body);
  if (!parsed || typeof parsed.spec !== 'string') {
    return aemError(400, 'invalid_fault_spec', 'expected a JSON object {"spec": "ROUTE:KIND[xCOUNT],..."} (an empty spec clears the faults)');
  }
  try {
    r.store.faults.set(parseFaultSpec(parsed.spec));
  } catch (e) {
    return aemError(400, 'invalid_fault_spec', (e as Error).message);
  }
  return reply(200, { faults: r.store.faults.pending() });
}

/** A switch made by hand in the AEM UI: any org of the fixture, generation + 1. */
function switchByHand(r: RouteRequest): Reply {
  const { store } = r;
  let envId: string;
  try {
    envId = decodeURIComponent(r.params.env);
  } catch {
    return aemError(400, 'bad_request', 'the environment id in the path is not valid percent-encoding');
  }
  const binding = store.binding(envId);
  if (!binding) return unknownEnvironment(envId, store);
  const orgId = parseJsonObject(r.body)?.orgId;
  if (typeof orgId !== 'string' || !store.orgs.has(orgId)) {
    return aemError(400, 'invalid_body', `expected {"orgId": "<an org id of the fixture>"}; known: ${[...store.orgs.keys()].join(', ')}`);
  }
  binding.orgId = orgId;
  binding.generation += 1;
  return reply(200, store.view(binding), { etag: `"${binding.generation}"` });
}

const CONTROL_ROUTES: readonly Route[] = [
  { method: 'GET', path: EMULATOR.statePath, handler: (r) => reply(200, r.store.snapshot()) },
  {
    method: 'POST',
    path: EMULATOR.resetPath,
    handler: (r) => {
      r.store.reset();
      return reply(200, r.store.snapshot());
    },
  },
  { method: 'GET', path: EMULATOR.faultsPath, handler: (r) => reply(200, { faults: r.store.faults.pending() }) },
  { method: 'POST', path: EMULATOR.faultsPath, handler: setFaults },
  { method: 'PUT', path: new RegExp(`^${EMULATOR.environmentsPath}/(?<env>.*)$`), handler: switchByHand },
];

export const controlArea: Area = {
  owns: (path) => path === EMULATOR.controlPrefix || path.startsWith(`${EMULATOR.controlPrefix}/`),
  routes: CONTROL_ROUTES,
  unmatched(method, path, allowed) {
    if (allowed.length) return aemError(405, 'method_not_allowed', `use ${allowed.join(', ')}`, { allow: allowed.join(', ') });
    return aemError(404, 'not_found', `no control route ${method} ${path}`);
  },
};
