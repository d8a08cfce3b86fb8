import { Module, type Provider } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '@ml/audit';
import { ConfigModule } from '@ml/config';
import { ConnectionsModule } from '@ml/connections';
import { DatabaseModule } from '@ml/database';
import { MessagingModule } from '@ml/messaging';
import { OpsModule, OpsServerModule } from '@ml/runtime';
import { OutboxRelay } from './outbox-relay/outbox-relay';
import { OutboxRepository } from './outbox-relay/outbox.repository';
import { ChangeSourceFactory } from './poll-connection/change-source.factory';
import { PollConnectionUseCase } from './poll-connection/poll-connection.usecase';
import { PollStateRepository } from './poll-connection/poll-state.repository';
import { RecordMapperFactory } from './poll-connection/record-mapper.factory';
import { PollScheduler } from './poll-scheduler';
import { ReconcileModule } from './reconcile/reconcile.module';

/** One poll of a connection and the relay of what it queued (the integration tests wire these too). */
export const POLL_PROVIDERS: Provider[] = [
  PollConnectionUseCase,
  PollStateRepository,
  ChangeSourceFactory,
  RecordMapperFactory,
  OutboxRelay,
  OutboxRepository,
];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forApp('ml-connector-poller'),
    MessagingModule.forApp('ml-connector-poller'),
    OpsModule,
    OpsServerModule.forApp(9091),
    ScheduleModule.forRoot(),
    ConnectionsModule,
    AuditModule,
    ReconcileModule,
  ],
  providers: [PollScheduler, ...POLL_PROVIDERS],
})
export class PollerModule {}
