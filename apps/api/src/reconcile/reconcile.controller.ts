import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminRoute, ApiIdParam, ApiValidationErrors, ErrorResponseDto } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import {
  ReadbackSettingsChangeDto,
  ReadbackSettingsDto,
  ReconcileAcceptedDto,
  ReconcileRequestDto,
} from './reconcile.dto';
import type { ReadbackSettings } from './readback-settings.repository';
import { ReconcileService, type ReconcileAccepted } from './reconcile.service';

@ApiTags('reconciliation')
@AdminRoute()
@Controller('connections/:id')
export class ReconcileController {
  constructor(private readonly reconcile: ReconcileService) {}

  @Post('reconcile')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queues a reconciliation against what HubSpot really holds',
    description:
      'Answers at once with the estimated HubSpot calls; a poller then reads every object back ' +
      '(list endpoint, 100 per call, the shared rate budget, never the Search API), classifies ' +
      'drift and, under the connection\'s "peoplesoft-wins" policy and unless dryRun, queues ' +
      'the repairs through the writers. Follow it with GET /connections/{id}/drift. 409 while ' +
      'one is queued or running, or when the connection is disabled.',
  })
  @ApiBody({ type: ReconcileRequestDto, required: false })
  @ApiAcceptedResponse({ description: 'Queued', type: ReconcileAcceptedDto })
  @ApiConflictResponse({
    description: 'A reconciliation is already queued or running, or the connection is disabled',
    type: ErrorResponseDto,
  })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  request(@UuidParam() id: string, @Body() body: ReconcileRequestDto): Promise<ReconcileAccepted> {
    return this.reconcile.request(id, body?.dryRun === true);
  }

  @Get('readback-settings')
  @ApiOperation({ summary: 'Reconcile policy and schedule, and whether webhooks are on' })
  @ApiOkResponse({ description: 'The settings', type: ReadbackSettingsDto })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  settings(@UuidParam() id: string): Promise<ReadbackSettings> {
    return this.reconcile.getSettings(id);
  }

  @Put('readback-settings')
  @ApiOperation({
    summary: 'Changes the reconcile policy and schedule, and the webhook client secret',
    description: 'Fields left out keep their value; the client secret is write-only.',
  })
  @ApiOkResponse({ description: 'The settings now', type: ReadbackSettingsDto })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  update(
    @UuidParam() id: string,
    @Body() body: ReadbackSettingsChangeDto,
  ): Promise<ReadbackSettings> {
    return this.reconcile.updateSettings(id, body);
  }
}
