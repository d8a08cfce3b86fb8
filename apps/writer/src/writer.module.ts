import { Module } from '@nestjs/common';
import { AuditModule } from '@ml/audit';
import { ConfigModule } from '@ml/config';
import { ConnectionsModule } from '@ml/connections';
import { DatabaseModule } from '@ml/database';
import { MessagingModule } from '@ml/messaging';
import { OpsModule, OpsServerModule } from '@ml/runtime';
import { ChangeConsumer } from './consume/change-consumer';
import { HubSpotRateLimiter } from './rate-limit/hubspot-rate-limiter';
import { RateLimitRepository } from './rate-limit/rate-limit.repository';
import { ConnectionCache } from './write-batch/connection-cache';
import { HubSpotPortFactory } from './write-batch/hubspot-port.factory';
import { WriteBatchUseCase } from './write-batch/write-batch.usecase';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forApp('ml-connector-writer'),
    MessagingModule.forApp('ml-connector-writer'),
    OpsModule,
    OpsServerModule.forApp(9092),
    ConnectionsModule,
    AuditModule,
  ],
  providers: [
    ChangeConsumer,
    WriteBatchUseCase,
    ConnectionCache,
    HubSpotPortFactory,
    HubSpotRateLimiter,
    RateLimitRepository,
  ],
})
export class WriterModule {}
