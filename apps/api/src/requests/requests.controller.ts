import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HubSpotRequestView, Page } from '@ml/audit';
import { AdminRoute, ApiValidationErrors } from '../common/api-docs';
import { RequestsPageDto, RequestsQueryDto } from './requests.dto';
import { RequestsService } from './requests.service';

@ApiTags('audit')
@AdminRoute()
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Get()
  @ApiOperation({ summary: 'Every HubSpot request and retry the writers made, newest first' })
  @ApiOkResponse({ description: 'One page of requests', type: RequestsPageDto })
  @ApiValidationErrors()
  list(@Query() query: RequestsQueryDto): Promise<Page<HubSpotRequestView>> {
    return this.requests.list(query);
  }
}
