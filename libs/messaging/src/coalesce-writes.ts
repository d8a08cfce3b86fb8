/** The part of amqplib's connection this reaches: its socket, which its types do not name. */
interface CorkableStream {
  cork(): void;
  uncork(): void;
  write: (...args: never[]) => boolean;
}

const COALESCING = Symbol('ml-connector.coalescing-writes');

/**
 * amqplib hands the socket one write() per frame, and the socket sends each at once: one system
 * call, one TCP segment and one broker read per publish or ack (measured: a writer made about
 * one write(2) per event it acked). Corking the socket at the first write of a tick and
 * uncorking on the next tick sends every frame written in that tick in one writev. Frames keep
 * their order and nothing waits longer than the current tick.
 *
 * Returns false, changing nothing, when the connection has no socket of the expected shape (a
 * different amqplib inside): writes then go out one by one, as before.
 */
export function coalesceSocketWrites(connection: unknown): boolean {
  const stream = (connection as { stream?: unknown } | null)?.stream;
  if (!isCorkable(stream)) return false;
  const target = stream as CorkableStream & { [COALESCING]?: true };
  if (target[COALESCING]) return true;
  target[COALESCING] = true;
  const write = target.write.bind(target) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    target.uncork();
  };
  target.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      target.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as CorkableStream['write'];
  return true;
}

function isCorkable(value: unknown): value is CorkableStream {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof CorkableStream, unknown>>;
  return (
    typeof v.cork === 'function' && typeof v.uncork === 'function' && typeof v.write === 'function'
  );
}
