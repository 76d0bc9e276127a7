/** The emulator's public API: IMS + AEM on one loopback origin, fixture-driven, with fault injection. */
export { startEmulator, SLOW_FAULT_MS } from './server';
export type { EmulatorOptions, RunningEmulator, EmulatorState, BindingView, RequestEntry } from './server';
export { faultRouteOf } from './route-table';
export { CURRENT_USER_PATH } from './aem-routes';
export { emulatorControl, describeRequest } from './control-client';
export type { EmulatorControl } from './control-client';
export { loadFixture, parseFixture, FixtureSchema, DEFAULT_FIXTURE, DEFAULT_IDS } from './fixture';
export type { Fixture, FixtureOrg, FixtureUser, FixtureClient, FixtureEnvironment } from './fixture';
export { parseFaultSpec, FaultQueue } from './faults';
export type { FaultRule, FaultRoute, FaultKind, RequestRoute } from './faults';
export { mintAccessToken, decodeTokenPayload, TOKEN_EXPIRES_IN_SECONDS, TOKEN_LIFETIME_MS } from './tokens';
export type { AccessTokenClaims } from './tokens';
export { runEmulatorCommand } from './command';
export type { EmulatorCommandOptions, EmulatorCommandIo } from './command';
