export * from './daily-reset';
export * from './hubspot-budget.module';
export * from './hubspot-rate-limiter';
export type { BucketShape } from './rate-limit.repository';
