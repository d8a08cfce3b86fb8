import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@ml/connections';
import { HubSpotBudgetModule } from '@ml/hubspot-budget';
import { HubSpotReader } from './hubspot-reader';
import { ReconcileScheduler } from './reconcile-scheduler';
import { ReconcileStateRepository } from './reconcile-state.repository';
import { ReconcileUseCase } from './reconcile.usecase';

/** HubSpot read-back: reconciliations and the repairs they (and webhooks) queue. */
@Module({
  imports: [ConnectionsModule, HubSpotBudgetModule],
  providers: [ReconcileScheduler, ReconcileStateRepository, ReconcileUseCase, HubSpotReader],
  exports: [ReconcileUseCase, ReconcileStateRepository],
})
export class ReconcileModule {}
