import { Module } from '@nestjs/common';
import { AuditModule } from '@ml/audit';
import { ConnectionsModule } from '@ml/connections';
import { AuthModule } from './auth/auth.module';
import { ConnectionTestController } from './connection-test/connection-test.controller';
import { ConnectionTestService } from './connection-test/connection-test.service';
import { HubSpotBudgetModule } from '@ml/hubspot-budget';
import { ConnectionsAdminService } from './connections/connections-admin.service';
import { ConnectionsController } from './connections/connections.controller';
import { PreviewModule } from './preview/preview.module';
import { ReadbackModule } from './reconcile/readback.module';
import { RecordsController } from './records/records.controller';
import { RecordsService } from './records/records.service';
import { ReplayController } from './replay/replay.controller';
import { ReplayService } from './replay/replay.service';
import { RequestsController } from './requests/requests.controller';
import { RequestsService } from './requests/requests.service';
import { RetentionService } from './retention/retention.service';
import { RunSyncService } from './runs/run-sync.service';
import { RunsReadService } from './runs/runs-read.service';
import { RunsController } from './runs/runs.controller';

/** Every admin route: connections, runs, audit trail, replay, API keys, retention. */
@Module({
  imports: [
    AuthModule,
    ConnectionsModule,
    AuditModule,
    HubSpotBudgetModule,
    PreviewModule,
    ReadbackModule,
  ],
  controllers: [
    ConnectionsController,
    ConnectionTestController,
    RunsController,
    RecordsController,
    RequestsController,
    ReplayController,
  ],
  providers: [
    ConnectionsAdminService,
    ConnectionTestService,
    RunSyncService,
    RunsReadService,
    RecordsService,
    RequestsService,
    ReplayService,
    RetentionService,
  ],
})
export class AdminModule {}
