import { createHash } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { SourceEntity } from '@ml/messaging';
import { PeopleSoftClient, type PeopleSoftSettings, type ChangeWindow } from '@ml/peoplesoft';
import type { ChangeSource, FetchedWindow } from './change-source';

/**
 * The poller's ChangeSource over the PeopleSoft client: one client (connection pool, OAuth2
 * token cache) per connection, replaced when its settings or secret change.
 */
@Injectable()
export class ChangeSourceFactory implements OnApplicationShutdown {
  private readonly clients = new Map<string, { key: string; client: PeopleSoftClient }>();

  forConnection(connection: ConnectionWithSecrets): ChangeSource {
    const client = this.clientFor(connection);
    const sources = connection.peoplesoft.sources;
    return {
      async fetchWindow(entity: SourceEntity, window: ChangeWindow): Promise<FetchedWindow> {
        const source = sources[entity];
        if (!source) throw new Error(`no PeopleSoft source is configured for ${entity}`);
        const answer = await client.fetchWindow(source, { from: window.from, to: window.to });
        return { rows: answer.rows, truncated: answer.truncated, rowErrors: answer.rowErrors };
      },
      isSplittable: (error: unknown) => client.isSplittable(error),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.clients.values()].map(({ client }) => client.close().catch(() => undefined)),
    );
    this.clients.clear();
  }

  private clientFor(connection: ConnectionWithSecrets): PeopleSoftClient {
    const settings = clientSettings(connection);
    const key = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    const held = this.clients.get(connection.id);
    if (held?.key === key) return held.client;
    void held?.client.close().catch(() => undefined);
    const client = new PeopleSoftClient(settings);
    this.clients.set(connection.id, { key, client });
    return client;
  }
}

function clientSettings(connection: ConnectionWithSecrets): PeopleSoftSettings {
  const { scheme, host, port, node, pathPrefix, timeoutMs, caCertPem, auth } =
    connection.peoplesoft;
  const secret = connection.peoplesoftSecret;
  return {
    scheme,
    host,
    port,
    node,
    pathPrefix,
    timeoutMs,
    caCertPem,
    auth:
      auth.type === 'basic'
        ? { type: 'basic', oprid: auth.oprid, password: secret }
        : {
            type: 'oauth2',
            tokenUrl: auth.tokenUrl,
            clientId: auth.clientId,
            clientSecret: secret,
            scope: auth.scope,
          },
  };
}
