import { Module } from '@nestjs/common';
import { AuditModule } from '@ml/audit';
import { ConnectionsModule } from '@ml/connections';
import { HubSpotBudgetModule } from '@ml/hubspot-budget';
import { PreviewController } from './preview.controller';
import { PreviewService } from './preview.service';

/** POST /connections/:id/preview, the dry run. */
@Module({
  imports: [ConnectionsModule, AuditModule, HubSpotBudgetModule],
  controllers: [PreviewController],
  providers: [PreviewService],
})
export class PreviewModule {}
