export * from './broker-connections';
export * from './test-database';
export * from './test-environment';
export * from './test-vhost';
export * from './wait-for';
export * from './nest-testing';
export * from './connection-fixture';
export * from './app-process';
