import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Metrics, ReadinessProbe, type HealthReport } from '@ml/runtime';
import { Public } from '../auth/public.decorator';

/** Probes for Kubernetes and a scrape target for Prometheus; open, like the poller's and writer's. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessProbe,
    private readonly metrics: Metrics,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Checks Postgres and RabbitMQ; 503 when either is down' })
  @ApiOkResponse({ description: 'Both dependencies answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body says which' })
  check(): Promise<HealthReport> {
    return this.ready();
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: the same checks as /health' })
  @ApiOkResponse({ description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async ready(): Promise<HealthReport> {
    const report = await this.readiness.check();
    if (report.status !== 'ok') throw new ServiceUnavailableException(report);
    return report;
  }

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'Alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format' })
  async scrape(): Promise<string> {
    return (await this.metrics.render()).body;
  }
}
