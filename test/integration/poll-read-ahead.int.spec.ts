import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { SourceEntity } from '@ml/messaging';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { createTestEnvironment, type TestEnvironment } from '@ml/testing';
import type { ChangeSource } from '../../apps/poller/src/poll-connection/change-source';
import { ChangeSourceFactory } from '../../apps/poller/src/poll-connection/change-source.factory';
import type { PollConnectionUseCase } from '../../apps/poller/src/poll-connection/poll-connection.usecase';
import { PollerHarness } from './poller-harness';
import type { ChangeWindow as ChangeWindow } from '@ml/peoplesoft';

const USER = 'ML_SYNC';
const PASSWORD = 'read-ahead-test-password';

type Fault = 'none' | 'fatal' | 'splittable';

class InjectedFault extends Error {
  constructor(readonly splittable: boolean) {
    super(splittable ? 'injected: window too slow' : 'injected: PeopleSoft went away');
  }
}

/**
 * The PeopleSoft source of every connection, failing the first read that follows a complete
 * window (the one the poller reads ahead while it commits) once, and recording every read.
 */
class FailAfterCompleteWindow implements ChangeSource {
  readonly reads: ChangeWindow[] = [];
  failed: ChangeWindow | null = null;
  private lastComplete = false;

  constructor(
    private readonly inner: ChangeSource,
    private readonly fault: Fault,
  ) {}

  async fetchWindow(entity: SourceEntity, window: ChangeWindow) {
    this.reads.push(window);
    if (this.fault !== 'none' && this.lastComplete && !this.failed) {
      this.failed = window;
      throw new InjectedFault(this.fault === 'splittable');
    }
    const fetched = await this.inner.fetchWindow(entity, window);
    this.lastComplete = !fetched.truncated;
    return fetched;
  }

  isSplittable(error: unknown): boolean {
    return error instanceof InjectedFault ? error.splittable : this.inner.isSplittable(error);
  }
}

/**
 * The poller reads the next window while it commits the current one: a failure of that read is
 * handled as a failure of the read it replaces (split, or the entity fails unmoved).
 */
describe('polling PeopleSoft: the window read ahead', () => {
  let env: TestEnvironment;
  let harness: PollerHarness;
  let peoplesoft: PeopleSoftSimulator;
  let poller: PollConnectionUseCase;
  let db: DataSource;
  let source: FailAfterCompleteWindow | null = null;
  let fault: Fault = 'none';

  before(async () => {
    env = await createTestEnvironment('readahead');
    peoplesoft = new PeopleSoftSimulator({ employees: 30, user: USER, password: PASSWORD });
    const url = await peoplesoft.start();
    harness = await PollerHarness.start(env, 'read-ahead-test');
    ({ poller, db } = harness);
    const factory = harness.moduleRef.get(ChangeSourceFactory);
    const real = factory.forConnection.bind(factory);
    factory.forConnection = (connection) => {
      source = new FailAfterCompleteWindow(real(connection), fault);
      return source;
    };
    connectionUrl = url;
  });

  after(async () => {
    await harness?.close();
    await peoplesoft?.stop();
    await env?.destroy();
  });

  let connectionUrl = '';
  function newConnection(name: string): Promise<ConnectionWithSecrets> {
    return harness.connectTo(name, {
      peoplesoftUrl: connectionUrl,
      oprid: USER,
      password: PASSWORD,
      entities: ['employee'],
      // Small windows: the first load is many complete windows, each followed by a read.
      maxRows: 10,
    });
  }

  const watermark = async (connectionId: string) =>
    (
      (await db.query(`SELECT last_updated FROM source_watermarks WHERE connection_id = $1`, [
        connectionId,
      ])) as Array<{ last_updated: string }>
    )[0]?.last_updated ?? null;

  it('a read that fails for good after a committed window fails the entity, watermark unmoved', async () => {
    fault = 'fatal';
    const connection = await newConnection('read-ahead-fails');
    const failed = await poller.execute({ connection, holder: 'p', now: new Date() }, 30);
    await harness.drainQueue();
    const seen = source as FailAfterCompleteWindow | null;
    assert.ok(seen?.failed, 'the fault was injected');
    assert.equal(failed.status, 'failed');
    assert.match(failed.errors.join(' '), /employee: injected: PeopleSoft went away/);
    assert.equal(seen.reads.at(-1), seen.failed, 'nothing was read after the failed read');
    assert.equal(await watermark(connection.id), null, 'a first load commits its mark at the end');

    fault = 'none';
    const retried = await poller.execute({ connection, holder: 'p', now: new Date() }, 30);
    await harness.drainQueue();
    assert.equal(retried.status, 'succeeded', JSON.stringify(retried));
    assert.notEqual(await watermark(connection.id), null);
  });

  it('a read that fails as too big after a committed window is split and the run completes', async () => {
    fault = 'splittable';
    const connection = await newConnection('read-ahead-splits');
    const outcome = await poller.execute({ connection, holder: 'p', now: new Date() }, 30);
    const events = await harness.drainQueue();
    const seen = source as FailAfterCompleteWindow | null;
    const failedWindow = seen?.failed;
    assert.ok(seen && failedWindow, 'the fault was injected');
    assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
    // Newest first: the newer half of the failed window is read next, then the older one.
    const after = seen.reads.slice(seen.reads.indexOf(failedWindow) + 1);
    assert.equal(after[0]?.to, failedWindow.to);
    assert.ok((after[0]?.from ?? '') > failedWindow.from, JSON.stringify(after.slice(0, 2)));
    assert.ok(after.some((w) => w.from === failedWindow.from && w.to < failedWindow.to));

    fault = 'none';
    const clean = await newConnection('read-ahead-clean');
    const reference = await poller.execute({ connection: clean, holder: 'p', now: new Date() }, 30);
    const referenceEvents = await harness.drainQueue();
    assert.equal(reference.status, 'succeeded');
    const ids = (list: typeof events) => list.map((e) => e.sourceId).sort();
    assert.ok(events.length > 0);
    assert.deepEqual(ids(events), ids(referenceEvents), 'the same records as a run without faults');
  });
});
