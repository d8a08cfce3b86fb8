import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConnectionsModule, ConnectionsService, type NewConnection } from '@ml/connections';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { ConfirmPublisher, type ChangeEvent } from '@ml/messaging';
import { connectForTest } from '../../libs/messaging/src/testing/connect-for-test';
import { startApp, type AppProcess } from './app-process';
import { connectionFixture } from './connection-fixture';
import { publishEvents } from './employee-events';
import { compileOnDatabase } from './nest-testing';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

/**
 * The writer process on its own, for end-to-end suites that publish change events straight to
 * the queue (the poller is covered elsewhere): a database and vhost of their own, the HubSpot
 * simulator in this process, and a confirm publisher. stop() fails the suite when the writer
 * did not exit 0 on SIGTERM.
 */
export class WriterWorld {
  private writer: AppProcess | undefined;

  private constructor(
    readonly env: TestEnvironment,
    readonly hubspot: HubSpotSimulator,
    readonly hubspotUrl: string,
    private readonly moduleRef: TestingModule,
    private readonly publisher: ConfirmPublisher,
    private readonly closeBroker: () => Promise<void>,
    private readonly token: string,
  ) {}

  static async start(label: string, token: string): Promise<WriterWorld> {
    const env = await createTestEnvironment(label);
    const hubspot = new HubSpotSimulator({ tokens: [token] });
    const hubspotUrl = await hubspot.start();
    const moduleRef = await compileOnDatabase(env.config, { imports: [ConnectionsModule] });
    const { connection } = await connectForTest(env.vhost.url, { prefix: env.config.queuePrefix });
    return new WriterWorld(
      env,
      hubspot,
      hubspotUrl,
      moduleRef,
      new ConfirmPublisher(connection),
      () => connection.close(),
      token,
    );
  }

  get db(): DataSource {
    return this.moduleRef.get(DataSource);
  }

  /** A connection to the simulator that is never polled (no PeopleSoft, a yearly cron). */
  async createConnection(name: string, extra: Partial<NewConnection> = {}): Promise<string> {
    const created = await this.moduleRef.get(ConnectionsService).create({
      ...connectionFixture(name, {
        peoplesoftUrl: 'http://127.0.0.1:9',
        hubspotUrl: this.hubspotUrl,
        hubspotToken: this.token,
        cron: '0 0 1 1 *',
      }),
      ...extra,
    });
    return created.id;
  }

  async startWriter(): Promise<void> {
    this.writer = startApp('writer', {
      ...this.env.env,
      HEALTH_PORT: '0',
      WRITER_LINGER_MS: '50',
      LOG_LEVEL: 'info',
    });
    await this.writer.waitForOutput(/writer consuming/);
  }

  publish(events: readonly ChangeEvent[]): Promise<void> {
    return publishEvents(this.publisher, events);
  }

  async stop(): Promise<void> {
    const code = await this.writer?.stop();
    await this.closeBroker();
    await this.moduleRef.close();
    await this.hubspot.stop();
    await this.env.destroy();
    if (this.writer) assert.equal(code, 0, this.writer.output().slice(-3000));
  }
}
