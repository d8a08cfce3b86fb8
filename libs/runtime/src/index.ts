export * from './json-logger';
export * from './metrics';
export * from './ops.module';
export * from './ops-server';
export * from './readiness';
export * from './shutdown';
export * from './queue-depth-sampler';
