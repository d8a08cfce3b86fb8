import type { BenchOptions } from './cli';

/** Problem sizes: the full ones the issues name, and a quick pass of a few minutes. */
export interface Sizes {
  readonly mappingRows: number;
  readonly mappingRepeats: number;
  readonly fetchEmployees: number;
  readonly fetchMaxRows: number;
  readonly rateLimitedRecords: number;
  readonly pipelineRecords: number;
  /** poller-load: employees of the initial load, then employees changed before one more poll. */
  readonly pollerLoadEmployees: number;
  readonly pollerLoadChanges: number;
  readonly auditAttempts: number;
  readonly auditLoadSeconds: number;
  /** reconcile: employees in sync in HubSpot and in the sync state, read back once. */
  readonly reconcileRecords: number;
  /** Not a size: whether the end-to-end runs remove the generated email collisions first. */
  readonly uniqueEmails: boolean;
}

const FULL: Sizes = {
  mappingRows: 200_000,
  mappingRepeats: 3,
  fetchEmployees: 50_000,
  fetchMaxRows: 5_000,
  rateLimitedRecords: 100_000,
  pipelineRecords: 100_000,
  pollerLoadEmployees: 1_000_000,
  pollerLoadChanges: 10_000,
  auditAttempts: 1_000_000,
  auditLoadSeconds: 15,
  reconcileRecords: 100_000,
  uniqueEmails: false,
};

const QUICK: Sizes = {
  mappingRows: 50_000,
  mappingRepeats: 3,
  fetchEmployees: 10_000,
  fetchMaxRows: 1_000,
  rateLimitedRecords: 10_000,
  pipelineRecords: 10_000,
  pollerLoadEmployees: 100_000,
  pollerLoadChanges: 1_000,
  auditAttempts: 100_000,
  auditLoadSeconds: 5,
  reconcileRecords: 10_000,
  uniqueEmails: false,
};

export function sizesFor(options: BenchOptions): Sizes {
  const base = { ...(options.quick ? QUICK : FULL), uniqueEmails: options.uniqueEmails };
  if (options.records === undefined) return base;
  return {
    ...base,
    rateLimitedRecords: options.records,
    pipelineRecords: options.records,
    reconcileRecords: options.records,
  };
}
