import type { ModuleMetadata } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import { AuditModule } from '@ml/audit';
import type { AppConfig } from '@ml/config';
import {
  ConnectionsModule,
  ConnectionsService,
  type ConnectionWithSecrets,
  type NewConnection,
} from '@ml/connections';
import { MessagingModule, type ChangeEvent } from '@ml/messaging';
import { OpsModule } from '@ml/runtime';
import {
  compileOnDatabase,
  connectionFixture,
  waitFor,
  type FixtureEndpoints,
  type TestEnvironment,
} from '@ml/testing';
import { OutboxRelay } from '../../apps/poller/src/outbox-relay/outbox-relay';
import { PollConnectionUseCase } from '../../apps/poller/src/poll-connection/poll-connection.usecase';
import { POLL_PROVIDERS } from '../../apps/poller/src/poller.module';

/**
 * The poller's use case, relay and repositories in this process, on the real Postgres and
 * RabbitMQ, with the change queue read back as the writer would receive it.
 */
export class PollerHarness {
  private constructor(
    readonly moduleRef: TestingModule,
    private readonly env: TestEnvironment,
    private readonly broker: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(
    env: TestEnvironment,
    label: string,
    extra: Pick<ModuleMetadata, 'imports' | 'providers'> = {},
    config: AppConfig = env.config,
  ): Promise<PollerHarness> {
    const moduleRef = await compileOnDatabase(config, {
      imports: [
        ...(extra.imports ?? []),
        AuditModule,
        ConnectionsModule,
        MessagingModule.forApp(label),
        OpsModule,
      ],
      providers: [...(extra.providers ?? []), ...POLL_PROVIDERS],
    });
    const broker = await connect(env.vhost.url);
    return new PollerHarness(moduleRef, env, broker, await broker.createChannel());
  }

  get db(): DataSource {
    return this.moduleRef.get(DataSource);
  }

  get poller(): PollConnectionUseCase {
    return this.moduleRef.get(PollConnectionUseCase);
  }

  /**
   * Publishes what is in the outbox and answers every event in the queue. The relay's own loop
   * may be publishing a share of the rows: a row leaves the outbox only once the broker
   * confirmed it, so an empty outbox means everything is in the queue.
   */
  async drainQueue(): Promise<ChangeEvent[]> {
    await this.moduleRef.get(OutboxRelay).drainOnce();
    await waitFor('the outbox to empty', async () => {
      const [row]: Array<{ n: number }> = await this.db.query(
        `SELECT count(*)::int AS n FROM outbox`,
      );
      return row?.n === 0;
    });
    const events: ChangeEvent[] = [];
    for (;;) {
      const message = await this.channel.get(`${this.env.config.queuePrefix}.changes.hubspot`, {
        noAck: true,
      });
      if (!message) break;
      events.push(JSON.parse(message.content.toString('utf8')) as ChangeEvent);
    }
    return events;
  }

  /**
   * Creates a connection reading the PeopleSoft simulator at `endpoints.peoplesoftUrl` (the
   * poller never calls HubSpot) and answers it with its secrets, as the scheduler hands it to
   * the use case. `adjust` changes the stored connection beyond what the fixture sets.
   */
  async connectTo(
    name: string,
    endpoints: Omit<FixtureEndpoints, 'hubspotUrl' | 'hubspotToken'>,
    adjust: (fixture: NewConnection) => NewConnection = (fixture) => fixture,
  ): Promise<ConnectionWithSecrets> {
    const connections = this.moduleRef.get(ConnectionsService);
    const fixture = connectionFixture(name, {
      hubspotUrl: 'http://127.0.0.1:9',
      hubspotToken: 'pat-na1-not-used-here',
      ...endpoints,
    });
    const created = await connections.create(adjust(fixture));
    const connection = await connections.withSecrets(created.id);
    if (!connection) throw new Error(`connection ${name} vanished after it was created`);
    return connection;
  }

  async close(): Promise<void> {
    await this.broker.close();
    await this.moduleRef.close();
  }
}

/** The last event per key (by version): what HubSpot ends up with once the writer is done. */
export function newestByKey(
  events: readonly ChangeEvent[],
  key: (event: ChangeEvent) => string = (event) => event.sourceId,
): Map<string, ChangeEvent> {
  const newest = new Map<string, ChangeEvent>();
  for (const event of events) {
    const held = newest.get(key(event));
    if (!held || event.sourceVersion > held.sourceVersion) newest.set(key(event), event);
  }
  return newest;
}
