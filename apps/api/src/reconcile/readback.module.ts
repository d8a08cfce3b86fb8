import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@ml/connections';
import { DriftController } from '../drift/drift.controller';
import { DriftService } from '../drift/drift.service';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { WebhooksService } from '../webhooks/webhooks.service';
import { ReadbackSettingsRepository } from './readback-settings.repository';
import { ReconcileController } from './reconcile.controller';
import { ReconcileService } from './reconcile.service';

/** HubSpot read-back in the API: reconcile requests and settings, drift reports, webhooks. */
@Module({
  imports: [ConnectionsModule],
  controllers: [ReconcileController, DriftController, WebhooksController],
  providers: [
    ReadbackSettingsRepository,
    ReconcileService,
    DriftService,
    WebhooksService,
    WebhookEventsRepository,
  ],
})
export class ReadbackModule {}
