import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, RecordRow, RecordWithHistory } from '@ml/audit';
import { AdminRoute, ApiIdParam, ApiValidationErrors } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { RecordsPageDto, RecordsQueryDto, RecordWithHistoryDto } from './records.dto';
import { RecordsService } from './records.service';

@ApiTags('audit')
@AdminRoute()
@Controller('records')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Get()
  @ApiOperation({
    summary: 'Synced records, most recent activity first (cursor-paginated)',
    description:
      'connectionId, entity, status, sourceId and hubspotId filter the record; runId, outcome, ' +
      'from and to select records with one attempt matching all four. ' +
      '"What happened to KU0042 last night?": ?sourceId=KU0042&from=…&to=…',
  })
  @ApiOkResponse({ description: 'One page of records', type: RecordsPageDto })
  @ApiValidationErrors()
  list(@Query() query: RecordsQueryDto): Promise<Page<RecordRow>> {
    return this.records.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One record with every attempt kept' })
  @ApiOkResponse({ description: 'The record and its attempts', type: RecordWithHistoryDto })
  @ApiValidationErrors()
  @ApiIdParam('record')
  get(@UuidParam() id: string): Promise<RecordWithHistory> {
    return this.records.get(id);
  }
}
