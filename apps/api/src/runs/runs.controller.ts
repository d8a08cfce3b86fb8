import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, RunDetail, RunSummary } from '@ml/audit';
import { AdminRoute, ApiIdParam, ApiValidationErrors } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { RunSyncService, type SyncAccepted } from './run-sync.service';
import { RunsReadService } from './runs-read.service';
import {
  ActiveRunConflictDto,
  RunDetailDto,
  RunsPageDto,
  RunsQueryDto,
  SyncAcceptedDto,
  SyncRequestDto,
} from './runs.dto';

@ApiTags('runs')
@AdminRoute()
@Controller()
export class RunsController {
  constructor(
    private readonly sync: RunSyncService,
    private readonly runs: RunsReadService,
  ) {}

  @Post('connections/:id/sync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queues a sync now (`{"full": true}` for a full sync)',
    description:
      'Without a body: read the changes since the last run. `{"full": true}`: re-read ' +
      'everything and send only the records HubSpot does not hold as they are (changed, never ' +
      'written, or whose last write failed). `{"full": true, "resend": true}`: re-read and send ' +
      'every record again. A connection runs one sync at a time. When a run is already queued or running, nothing ' +
      "is queued and the answer is 409 with that run's id (`activeRunId`): follow it with " +
      'GET /runs/{id} and ask again once it finished. A disabled connection also answers 409.',
  })
  @ApiBody({ type: SyncRequestDto, required: false })
  @ApiAcceptedResponse({ description: 'Queued', type: SyncAcceptedDto })
  @ApiConflictResponse({
    description: 'A run is already queued or running, or the connection is disabled',
    type: ActiveRunConflictDto,
  })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  requestSync(@UuidParam() id: string, @Body() body: SyncRequestDto): Promise<SyncAccepted> {
    return this.sync.request(id, { full: body.full === true, resend: body.resend === true });
  }

  @Get('runs')
  @ApiOperation({ summary: 'Runs, newest first (cursor-paginated)' })
  @ApiOkResponse({ description: 'One page of runs', type: RunsPageDto })
  @ApiValidationErrors()
  list(@Query() query: RunsQueryDto): Promise<Page<RunSummary>> {
    return this.runs.list(query);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One run: trigger, windows, counts by outcome, timings, completeness' })
  @ApiOkResponse({ description: 'The run', type: RunDetailDto })
  @ApiValidationErrors()
  @ApiIdParam('run')
  get(@UuidParam() id: string): Promise<RunDetail> {
    return this.runs.get(id);
  }
}
