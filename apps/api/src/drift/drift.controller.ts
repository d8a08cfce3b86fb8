import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminRoute, ApiIdParam, ApiValidationErrors } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { DriftDto, DriftExampleDto, DriftQueryDto } from './drift.dto';
import { DriftService } from './drift.service';

@ApiTags('reconciliation')
@AdminRoute()
@ApiExtraModels(DriftExampleDto)
@Controller('connections/:id/drift')
export class DriftController {
  constructor(private readonly drift: DriftService) {}

  @Get()
  @ApiOperation({
    summary: "The last reconciliation's drift: counts per class and the first examples of each",
    description:
      'Classes: in-sync, edited (a connector-owned property changed in HubSpot), ' +
      'archived-deleted, merged, orphaned (reported only, never deleted), missing. Each ' +
      'example says what was done, or would be done under a dry run or "report-only".',
  })
  @ApiOkResponse({ description: 'The last and the current reconciliation', type: DriftDto })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  get(@UuidParam() id: string, @Query() query: DriftQueryDto) {
    return this.drift.drift(id, query.examples ?? 10);
  }
}
