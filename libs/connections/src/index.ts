export * from './connection-settings';
export * from './connection.entity';
export * from './connections.module';
export * from './connections.service';
export * from './schedule';
export * from './secret-box';
