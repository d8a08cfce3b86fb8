import assert from 'node:assert/strict';
import type { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { connect, type ChannelModel } from 'amqplib';
import { createTestVhost, type TestVhost } from '../../../test/support/test-vhost';
import { coalesceSocketWrites } from './coalesce-writes';

const MESSAGES = 300;

describe('coalesced writes on a real broker connection', () => {
  let vhost: TestVhost;
  let model: ChannelModel;

  before(async () => {
    vhost = await createTestVhost('coalesce');
    model = await connect(vhost.url);
  });

  after(async () => {
    await model?.close().catch(() => undefined);
    await vhost?.drop();
  });

  it("finds amqplib's socket, sends a tick's publishes in a few writes, and keeps their order", async () => {
    // Fails on an amqplib that hides its socket elsewhere: writes would go one per frame again.
    assert.equal(coalesceSocketWrites(model.connection), true);
    const socket = (model.connection as unknown as { stream: Writable }).stream;
    let socketWrites = 0;
    const countWrites = <F extends (...args: never[]) => unknown>(fn: F): F =>
      ((...args: Parameters<F>) => {
        socketWrites += 1;
        return fn.apply(socket, args);
      }) as F;
    socket._write = countWrites(socket._write);
    if (socket._writev) socket._writev = countWrites(socket._writev);

    const channel = await model.createConfirmChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    socketWrites = 0;
    for (let n = 0; n < MESSAGES; n++) channel.sendToQueue(queue, Buffer.from(String(n)));
    await channel.waitForConfirms();
    assert.ok(
      socketWrites <= 10,
      `${MESSAGES} publishes in one tick took ${socketWrites} socket writes`,
    );

    const received: number[] = [];
    await new Promise<void>((resolve) => {
      void channel.consume(
        queue,
        (message) => {
          if (!message) return;
          received.push(Number(message.content.toString()));
          if (received.length === MESSAGES) resolve();
        },
        { noAck: true },
      );
    });
    assert.deepEqual(
      received,
      Array.from({ length: MESSAGES }, (_, n) => n),
    );
  });
});
