import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { coalesceSocketWrites } from './coalesce-writes';

/** A socket stand-in that records each write the stream hands its sink, as a list of chunks. */
function recordingStream(): { stream: Writable; sends: string[][] } {
  const sends: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sends.push([chunk.toString()]);
      callback();
    },
    writev(chunks, callback) {
      sends.push(chunks.map((c) => (c.chunk as Buffer).toString()));
      callback();
    },
  });
  return { stream, sends };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceSocketWrites', () => {
  it('sends the frames written in one tick as one write, in order', async () => {
    const { stream, sends } = recordingStream();
    assert.equal(coalesceSocketWrites({ stream }), true);
    for (const frame of ['a', 'b', 'c', 'd']) stream.write(frame);
    assert.deepEqual(sends, [], 'nothing leaves before the tick ends');
    await nextTurn();
    assert.deepEqual(sends, [['a', 'b', 'c', 'd']]);
  });

  it('flushes each tick on its own, so no frame waits for a later one', async () => {
    const { stream, sends } = recordingStream();
    coalesceSocketWrites({ stream });
    stream.write('1');
    stream.write('2');
    await nextTurn();
    stream.write('3');
    await nextTurn();
    assert.deepEqual(sends, [['1', '2'], ['3']]);
  });

  it('wraps a stream once, however often it is asked', async () => {
    const { stream, sends } = recordingStream();
    coalesceSocketWrites({ stream });
    coalesceSocketWrites({ stream });
    stream.write('x');
    stream.write('y');
    await nextTurn();
    assert.deepEqual(sends, [['x', 'y']]);
    assert.equal(stream.writableCorked, 0, 'every cork was undone');
  });

  it('changes nothing and says so when the connection has no socket of that shape', () => {
    assert.equal(coalesceSocketWrites(null), false);
    assert.equal(coalesceSocketWrites({}), false);
    assert.equal(coalesceSocketWrites({ stream: { write: () => true } }), false);
  });
});
