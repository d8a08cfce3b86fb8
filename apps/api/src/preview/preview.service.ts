import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '@ml/audit';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { ConnectionsService, type ConnectionWithSecrets } from '@ml/connections';
import { HubSpotClient } from '@ml/hubspot';
import { HubSpotRateLimiter } from '@ml/hubspot-budget';
import { SOURCE_ENTITIES, type SourceEntity } from '@ml/mapping';
import { comparePeopleSoftTimestamps, PeopleSoftClient } from '@ml/peoplesoft';
import { clientSettings } from '../connection-test/peoplesoft-checks';
import { notFound } from '../connections/connections-admin.service';
import { todayIn } from '@ml/mapping';
import { previewEntity } from './preview-entity';
import type { EntityPreview, PreviewReport } from './preview-report.dto';
import type { PreviewRequestDto } from './preview.dto';
import { wholeHistory } from './preview-windows';
import { HubSpotUnavailableError, propertyLister, type PropertyLister } from './target-properties';

const MAX_HUBSPOT_TIMEOUT_MS = 15_000;

/**
 * POST /connections/:id/preview: what a sync would do now, entity by entity, without publishing
 * or storing anything. HubSpot is only asked for its property lists, through the portal's shared
 * request budget.
 */
@Injectable()
export class PreviewService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly audit: AuditRepository,
    private readonly limiter: HubSpotRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(id: string, request: PreviewRequestDto): Promise<PreviewReport> {
    const connection = await this.connections.withSecrets(id);
    if (!connection) throw notFound(id);
    const entities = entitiesOf(connection, request.entities);
    const now = new Date();
    const window = request.window
      ? { from: request.window.from, to: request.window.to }
      : wholeHistory(now);
    if (comparePeopleSoftTimestamps(window.from, window.to) > 0) {
      throw new BadRequestException('window.from must not be after window.to');
    }
    const today = todayIn(connection.schedule.timezone, now);
    const peoplesoft = buildPeopleSoftClient(connection);
    const hubspot = this.buildHubSpotClient(connection);
    try {
      const results: EntityPreview[] = [];
      for (const entity of entities) {
        results.push(
          await previewEntity({
            connection,
            entity,
            today,
            window,
            limit: request.limit,
            reader: peoplesoft.client,
            readerError: peoplesoft.error,
            listProperties: hubspot.list,
            states: async (e, ids) => this.audit.findStates(connection.id, e, ids),
          }),
        );
      }
      return {
        ok: results.every(
          (r) => r.error === null && r.properties.checked && !r.properties.missing.length,
        ),
        connectionId: connection.id,
        previewedAt: now.toISOString(),
        today,
        window,
        entities: results,
      };
    } finally {
      await peoplesoft.client?.close().catch(() => undefined);
      await hubspot.client?.close().catch(() => undefined);
    }
  }

  private buildHubSpotClient(connection: ConnectionWithSecrets): {
    client: HubSpotClient | null;
    list: PropertyLister;
  } {
    const token = connection.hubspotToken;
    const limit = connection.hubspot.requestsPer10Seconds;
    try {
      const client = new HubSpotClient(
        {
          accessToken: token,
          baseUrl: connection.hubspot.baseUrl,
          apiVersion: connection.hubspot.apiVersion,
          timeoutMs: Math.min(this.config.writer.hubspotTimeoutMs, MAX_HUBSPOT_TIMEOUT_MS),
        },
        // Property reads spend the portal's budget like the writers' upserts do.
        { beforeRequest: () => this.limiter.acquire(token, limit) },
      );
      return { client, list: propertyLister(client) };
    } catch (error) {
      const detail = error instanceof TypeError ? error.message : 'the settings cannot be used';
      const unavailable = new HubSpotUnavailableError(
        `the HubSpot settings cannot be used: ${detail}`,
      );
      return { client: null, list: () => Promise.reject(unavailable) };
    }
  }
}

function buildPeopleSoftClient(connection: ConnectionWithSecrets): {
  client: PeopleSoftClient | null;
  error?: string;
} {
  try {
    return { client: new PeopleSoftClient(clientSettings(connection)) };
  } catch (error) {
    const detail = error instanceof RangeError ? error.message : 'unexpected error';
    return { client: null, error: `the PeopleSoft settings cannot be used: ${detail}` };
  }
}

/** The entities asked for, each of which must have a PeopleSoft source; all of them by default. */
function entitiesOf(
  connection: ConnectionWithSecrets,
  asked: readonly SourceEntity[] | undefined,
): SourceEntity[] {
  const configured = SOURCE_ENTITIES.filter((e) => connection.peoplesoft.sources[e] !== undefined);
  if (!asked) return configured;
  const missing = asked.filter((e) => !configured.includes(e));
  if (missing.length > 0) {
    throw new BadRequestException(
      `entities: ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no PeopleSoft source on this connection (configured: ${configured.join(', ') || 'none'})`,
    );
  }
  return SOURCE_ENTITIES.filter((e) => asked.includes(e));
}
