/** The emulator's public API: IMS + AEM on one loopback origin, fixture-driven, with fault injection. */
export { startEmulator, faultRouteOf, SLOW_FAULT_MS, CURRENT_USER_PATH } from './server';
export type { EmulatorOptions, RunningEmulator, EmulatorState } from './server';
export { loadFixture, parseFixture, FixtureSchema, DEFAULT_FIXTURE, DEFAULT_IDS } from './fixture';
export type { Fixture, FixtureOrg, FixtureUser, FixtureClient, FixtureEnvironment } from './fixture';
export { parseFaultSpec, FaultQueue } from './faults';
export type { FaultRule, FaultRoute, FaultKind, RequestRoute } from './faults';
export { mintAccessToken, decodeTokenPayload, TOKEN_EXPIRES_IN_SECONDS, TOKEN_LIFETIME_MS } from './tokens';
export type { AccessTokenClaims } from './tokens';
export { runEmulatorCommand } from './command';
export type { EmulatorCommandOptions, EmulatorCommandIo } from './command';
