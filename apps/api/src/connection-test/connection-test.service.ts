import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { ConnectionsService } from '@ml/connections';
import { notFound } from '../connections/connections-admin.service';
import type { ConnectionTestReport } from './check-result';
import { checkHubSpot } from './hubspot-checks';
import { checkPeopleSoft } from './peoplesoft-checks';

const MAX_HUBSPOT_TIMEOUT_MS = 15_000;

/** POST /connections/:id/test: both systems, checked with the stored credentials. */
@Injectable()
export class ConnectionTestService {
  constructor(
    private readonly connections: ConnectionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async test(id: string): Promise<ConnectionTestReport> {
    const connection = await this.connections.withSecrets(id);
    if (!connection) throw notFound(id);
    const now = new Date();
    const [peoplesoft, hubspot] = await Promise.all([
      checkPeopleSoft(connection, now),
      checkHubSpot(
        connection,
        Math.min(this.config.writer.hubspotTimeoutMs, MAX_HUBSPOT_TIMEOUT_MS),
      ),
    ]);
    const checks = [...peoplesoft, ...hubspot.checks];
    return {
      ok: checks.every((check) => check.status !== 'failed'),
      testedAt: now.toISOString(),
      checks,
      hubspotAccount: hubspot.account,
    };
  }
}
