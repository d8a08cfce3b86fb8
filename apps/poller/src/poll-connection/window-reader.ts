import type { SourceEntity } from '@ml/messaging';
import type { ChangeSource, FetchedWindow } from './change-source';
import { WindowPlan, type ChangeWindow } from '@ml/peoplesoft';

/** A window PeopleSoft answered in full (fewer than maxrows rows), ready to commit. */
export interface CompleteWindow {
  readonly window: ChangeWindow;
  readonly fetched: FetchedWindow;
}

/**
 * Every complete window from `first` on, planned by WindowPlan: a window that comes back with
 * maxrows rows is never used as data, only as a hint for the windows that replace it; one that
 * fails in a way a smaller window may fix (a time-out) is split. Reads go newest first (a read
 * from the beginning: the row in force per person comes first) or oldest first (incremental:
 * the watermark only ever moves over complete windows).
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
  const plan = new WindowPlan(first, newestFirst);
  let window = plan.next();
  let reading = window ? readWindow(source, entity, window) : null;
  try {
    while (window && reading) {
      const fetched = report(plan, await reading, source, entity, window);
      const read = window;
      window = plan.next();
      reading = window ? readWindow(source, entity, window) : null;
      if (fetched) yield { window: read, fetched };
    }
  } finally {
    if (reading) await reading;
  }
}

/** Tells the plan how `window` went; its rows when it is complete, null when it is replanned. */
function report(
  plan: WindowPlan,
  reading: WindowReading,
  source: ChangeSource,
  entity: SourceEntity,
  window: ChangeWindow,
): FetchedWindow | null {
  if (!reading.ok) {
    if (!source.isSplittable(reading.error) || !plan.failed()) throw reading.error;
    return null;
  }
  const { rows, rowErrors, truncated } = reading.fetched;
  const stamps = rows.map((row) => row['LASTUPDDTTM']);
  if (!truncated) {
    plan.complete(stamps);
    return reading.fetched;
  }
  if (!plan.truncated(stamps, rows.length + rowErrors.length)) {
    throw new Error(
      `more than maxrows rows share LASTUPDDTTM ${window.from}: raise maxrows for ${entity}`,
    );
  }
  return null;
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
