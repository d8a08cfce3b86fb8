import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminRoute, ApiIdParam, ApiValidationErrors } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { ConnectionTestReportDto, type ConnectionTestReport } from './check-result';
import { ConnectionTestService } from './connection-test.service';

@ApiTags('connections')
@AdminRoute()
@Controller('connections')
export class ConnectionTestController {
  constructor(private readonly tester: ConnectionTestService) {}

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pings PeopleSoft and HubSpot with the stored credentials',
    description:
      'PeopleSoft: reachability, TLS, credentials, then each configured source on a 5-minute ' +
      'window. HubSpot: token (portal id, time zone), read scopes per object type, rate-limit ' +
      'tier from the headers. Each check: ok/failed/skipped, latency and a fix hint. Answers 200 ' +
      'even when checks fail; `ok` is false then.',
  })
  @ApiOkResponse({ description: 'One result per check', type: ConnectionTestReportDto })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  test(@UuidParam() id: string): Promise<ConnectionTestReport> {
    return this.tester.test(id);
  }
}
