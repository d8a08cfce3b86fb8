export { PeopleSoftSimulator } from './peoplesoft-simulator';
export { SIMULATOR_DEFAULTS } from './simulator-options';
export type { PeopleSoftSimulatorOptions } from './simulator-options';
export type { FaultSettings, FaultStatus } from './fault-plan';
export type { MalformedRows, RawAnswer } from './malformed-answers';
export type { SimUser, OAuthClient } from './auth-registry';
export { QAS_SERVICE_OPERATION, QAS_ALIAS } from './integration-broker';
export type { CustomOperation } from './integration-broker';
export type {
  HireInput,
  EmployeeChangeInput,
  TerminationInput,
  VendorChangeInput,
  CustomerChangeInput,
  AddressInput,
} from './mutation-inputs';
export type { EmployeeSnapshot, VendorSnapshot, CustomerSnapshot } from './snapshots';
export type { RequestCounterSnapshot } from './request-counters';
export { SimInputError } from './sim-input-error';
export { parseCliArguments } from './cli-arguments';
export type { CliSettings } from './cli-arguments';
