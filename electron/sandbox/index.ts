/**
 * The local ELB v3 sandbox: an independent emulator of the Huawei Cloud ELB v3 API (dedicated load balancers),
 * with its own AK/SK verifier, seeded inventory in two regions, fault injection and admin endpoints.
 * Plain Node only; never imports 'electron' or anything from shared/.
 */
export { startSandbox } from './server';
export {
  DEFAULT_AK,
  DEFAULT_SK,
  DEFAULT_PROJECT_ID,
  DEFAULT_PROJECT_ID_2,
  DEFAULT_CLOCK_SKEW_MS,
  type FaultController,
  type FaultKind,
  type FaultRule,
  type IgnoredFields,
  type OutsideActor,
  type RegionId,
  type RequestRecord,
  type SandboxHandle,
  type SandboxOptions,
  type ThrottleSpec,
} from './types';
export type { SandboxState, ProjectState, StateFile } from './state';
export { stableId } from './seed';
export { signRequest, verifySignature } from './verify';
