import { createServer, type Server } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { Metrics } from './metrics';
import { ReadinessProbe } from './readiness';

/**
 * The poller's and writer's only HTTP surface, for Kubernetes and Prometheus:
 * `/health/live` (the process answers), `/health/ready` and `/health` (Postgres and RabbitMQ
 * reachable; 503 otherwise) and `/metrics`. Bound to HEALTH_PORT; 0 turns it off.
 */
export const OPS_DEFAULT_PORT = Symbol('OPS_DEFAULT_PORT');

@Injectable()
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpsServer.name);
  private server: Server | undefined;

  constructor(
    private readonly readiness: ReadinessProbe,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OPS_DEFAULT_PORT) private readonly defaultPort: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { healthHost } = this.config.ops;
    const healthPort = this.config.ops.healthPort ?? this.defaultPort;
    if (healthPort === 0) return;
    const server = createServer((request, response) => {
      this.route(request.method ?? 'GET', (request.url ?? '/').split('?')[0] ?? '/').then(
        ({ status, contentType, body }) => {
          response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
          response.end(body);
        },
        () => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end('internal error\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(healthPort, healthHost, () => resolve());
    });
    this.server = server;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : healthPort;
    this.logger.log(
      `health and metrics on http://${healthHost}:${port} (/health/live, /health/ready, /metrics)`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(
    method: string,
    path: string,
  ): Promise<{ status: number; contentType: string; body: string }> {
    if (method !== 'GET') return text(405, 'method not allowed\n');
    switch (path) {
      case '/health/live':
        return json(200, { status: 'ok' });
      case '/health':
      case '/health/ready': {
        const report = await this.readiness.check();
        return json(report.status === 'ok' ? 200 : 503, report);
      }
      case '/metrics': {
        const { contentType, body } = await this.metrics.render();
        return { status: 200, contentType, body };
      }
      default:
        return text(404, 'not found\n');
    }
  }
}

function json(status: number, body: unknown) {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

function text(status: number, body: string) {
  return { status, contentType: 'text/plain', body };
}
