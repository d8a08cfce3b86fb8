export { HubSpotSimulator } from './hubspot-simulator';
export {
  DEFAULT_SIM_TOKEN,
  SIMULATOR_DEFAULTS,
  type HubSpotSimulatorOptions,
} from './simulator-options';
export { DEFAULT_FAULTS, type FaultSettings, type PartialFailureMode } from './faults';
export type { SimLimits } from './simulator-limits';
export type { SimObject } from './object-store';
export type {
  SimObjectType,
  SimProperty,
  SimPropertyGroup,
  PropertyOption,
} from './property-model';
export type { SimCounters } from './request-counters';
export type { DuplicateGroup, SimState } from './simulator-state';
export { ALL_SCOPES, type TokenSpec } from './token-registry';
export { MAX_BATCH_INPUTS } from './batch-upsert';
export { MAX_BATCH_READ_INPUTS, MAX_LIST_LIMIT } from './object-reads';
export { MAX_UNIQUE_PROPERTIES } from './property-registry';
export { parseCliArgs, type SimulatorCliConfig } from './cli-args';
