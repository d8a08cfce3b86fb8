import { Module } from '@nestjs/common';
import { AuditModule, HubSpotRequestsRepository } from '@ml/audit';
import { ConfigModule } from '@ml/config';
import { ConnectionsModule } from '@ml/connections';
import { DatabaseModule } from '@ml/database';
import { HubSpotBudgetModule } from '@ml/hubspot-budget';
import { MessagingModule } from '@ml/messaging';
import { OpsModule, OpsServerModule } from '@ml/runtime';
import { ChangeConsumer } from './consume/change-consumer';
import { ConnectionCache } from './write-batch/connection-cache';
import { EmailClaimsRepository } from './write-batch/email-claims.repository';
import { HubSpotPortFactory } from './write-batch/hubspot-port.factory';
import { PortalBootstrapsRepository } from './write-batch/portal-bootstraps.repository';
import { RecordLocks } from './write-batch/record-locks';
import { WriteBatchUseCase } from './write-batch/write-batch.usecase';
import { writerPoolSize } from './write-batch/writer-pool-size';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forApp('ml-connector-writer', (config) =>
      writerPoolSize(config.writer.concurrency),
    ),
    MessagingModule.forApp('ml-connector-writer'),
    OpsModule,
    OpsServerModule.forApp(9092),
    ConnectionsModule,
    AuditModule,
    HubSpotBudgetModule,
  ],
  providers: [
    ChangeConsumer,
    WriteBatchUseCase,
    ConnectionCache,
    EmailClaimsRepository,
    HubSpotPortFactory,
    HubSpotRequestsRepository,
    PortalBootstrapsRepository,
    RecordLocks,
  ],
})
export class WriterModule {}
