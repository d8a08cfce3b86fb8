import type { SourceEntity } from '@ml/messaging';
import type { ChangeSource, FetchedWindow } from './change-source';
import { splitWindow, type ChangeWindow } from '@ml/peoplesoft';

/** A window PeopleSoft answered in full (fewer than maxrows rows), ready to commit. */
export interface CompleteWindow {
  readonly window: ChangeWindow;
  readonly fetched: FetchedWindow;
}

/**
 * Every complete window from `first` on. A window that comes back with maxrows rows, or fails
 * in a way a smaller window may not (a time-out), is split and its halves read instead. Reads
 * go newest first (a read from the beginning: the row in force per person comes first) or
 * oldest first (incremental: the watermark only ever moves over complete windows).
 *
 * While the caller commits one window, PeopleSoft already reads the next: at most one read
 * ahead, so no more than two windows are held at once and one request is in flight. A read
 * still running when the caller stops (an error, a lost lease) is waited for, not left behind.
 */
export async function* completeWindows(
  source: ChangeSource,
  entity: SourceEntity,
  first: ChangeWindow,
  newestFirst: boolean,
): AsyncGenerator<CompleteWindow> {
  const pending: ChangeWindow[] = [first];
  let readAhead: { window: ChangeWindow; reading: Promise<WindowReading> } | null = null;
  try {
    while (pending.length > 0) {
      const window = pending.pop() as ChangeWindow;
      const reading =
        readAhead?.window === window
          ? await readAhead.reading
          : await readWindow(source, entity, window);
      readAhead = null;
      if (!reading.ok || reading.fetched.truncated) {
        const halves = splitWindow(window);
        if (!reading.ok && !(halves && source.isSplittable(reading.error))) throw reading.error;
        if (!halves) {
          throw new Error(
            `more than maxrows rows share LASTUPDDTTM ${window.from}: raise maxrows for ${entity}`,
          );
        }
        if (newestFirst) pending.push(halves[0], halves[1]);
        else pending.push(halves[1], halves[0]);
        continue;
      }
      const next = pending.at(-1);
      if (next) readAhead = { window: next, reading: readWindow(source, entity, next) };
      yield { window, fetched: reading.fetched };
    }
  } finally {
    if (readAhead) await readAhead.reading;
  }
}

/** One window's answer, or the error reading it: settled, so a read ahead never rejects unseen. */
type WindowReading =
  | { readonly ok: true; readonly fetched: FetchedWindow }
  | { readonly ok: false; readonly error: unknown };

function readWindow(
  source: ChangeSource,
  entity: SourceEntity,
  window: ChangeWindow,
): Promise<WindowReading> {
  return source.fetchWindow(entity, window).then(
    (fetched): WindowReading => ({ ok: true, fetched }),
    (error: unknown): WindowReading => ({ ok: false, error }),
  );
}
