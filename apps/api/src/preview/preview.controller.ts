import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminRoute, ApiIdParam, ApiValidationErrors } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { PreviewReportDto, type PreviewReport } from './preview-report.dto';
import { PreviewRequestDto } from './preview.dto';
import { PreviewService } from './preview.service';

@ApiTags('connections')
@AdminRoute()
@Controller('connections')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dry run: what a sync would create, update, leave unchanged or reject',
    description:
      'Reads PeopleSoft (windows of at most maxRows, split when full, as the poller does), keeps ' +
      "each employee's row in force today, maps every record with the connection's mapping and " +
      'compares its content hash with what the audit trail says HubSpot holds. Publishes and ' +
      'stores nothing. Per entity: counts, the first `limit` records of each outcome with the ' +
      'exact properties that would be sent (or the reasons they would not), and every mapped ' +
      'property missing in HubSpot. A system that fails shows in `error`/`hint`, not as a 5xx.',
  })
  @ApiBody({ type: PreviewRequestDto, required: false })
  @ApiOkResponse({ description: 'One preview per entity', type: PreviewReportDto })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  preview(@UuidParam() id: string, @Body() body: PreviewRequestDto): Promise<PreviewReport> {
    return this.previews.preview(id, body);
  }
}
