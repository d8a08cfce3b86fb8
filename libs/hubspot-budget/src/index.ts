export * from './daily-reset';
export * from './hubspot-budget.module';
export * from './hubspot-rate-limiter';
export type { RateWindow } from './rate-limit.repository';
export * from './budgeted-client';
