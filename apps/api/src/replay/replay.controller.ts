import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminRoute, ApiValidationErrors, ErrorResponseDto } from '../common/api-docs';
import { ReplayAcceptedDto, ReplayRequestDto } from './replay.dto';
import { ReplayService, type ReplayAccepted } from './replay.service';

@ApiTags('replay')
@AdminRoute()
@Controller('replay')
export class ReplayController {
  constructor(private readonly replays: ReplayService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-reads records from PeopleSoft and sends their current state again',
    description:
      'Give exactly one of recordIds, runId or connectionId (+ outcome: failed|invalid); ' +
      'since and outcome narrow any of them. One replay run is queued per connection; ' +
      'follow it with GET /runs/{runId}. A connection with a run already queued or running is ' +
      'reported with alreadyActive: true and its run id, and nothing is queued for it. ' +
      'dryRun: true only counts. Replaying twice is harmless.',
  })
  @ApiAcceptedResponse({ description: 'Replay runs queued (or counted)', type: ReplayAcceptedDto })
  @ApiValidationErrors()
  @ApiNotFoundResponse({ description: 'Unknown run or connection', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'A connection involved is disabled', type: ErrorResponseDto })
  replay(@Body() body: ReplayRequestDto): Promise<ReplayAccepted> {
    return this.replays.replay(body);
  }
}
