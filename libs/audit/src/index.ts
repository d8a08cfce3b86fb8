export * from './audit-outcome';
export * from './audit.module';
export * from './audit.repository';
export * from './runs.repository';
