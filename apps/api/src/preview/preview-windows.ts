import {
  firstWindow,
  splitWindow,
  type ChangeWindow,
  type FetchWindowResult,
  type PeopleSoftSource,
} from '@ml/peoplesoft';

/** LASTUPDDTTM bounds, inclusive, in PeopleSoft's own (naive) time. */
export type PreviewWindow = ChangeWindow;

/** The part of PeopleSoftClient the preview reads with. */
export interface WindowReader {
  fetchWindow(source: PeopleSoftSource, window: PreviewWindow): Promise<FetchWindowResult>;
  isSplittable(error: unknown): boolean;
}

/** Everything up to a day past now (PeopleSoft's clock may run in another zone), as the poller. */
export function wholeHistory(now: Date): PreviewWindow {
  return firstWindow(null, 0, now);
}

/** Thrown when a window cannot be read in pieces small enough for PeopleSoft. */
export class WindowTooLargeError extends Error {
  override readonly name = 'WindowTooLargeError';
}

/**
 * Reads `window` in answers of at most `source.maxRows` rows, earliest first: a full answer
 * (PeopleSoft truncates silently) or a splittable failure (timeout, too many rows) is halved
 * and read again, as the poller does. Only one answer is held at a time. `maxCalls` bounds the
 * PeopleSoft requests of one preview.
 */
export async function* readWindows(
  reader: WindowReader,
  source: PeopleSoftSource,
  window: PreviewWindow,
  maxCalls: number,
): AsyncGenerator<FetchWindowResult & { readonly window: PreviewWindow }> {
  const pending: PreviewWindow[] = [window];
  let calls = 0;
  while (pending.length > 0) {
    const next = pending.pop() as PreviewWindow;
    if (++calls > maxCalls) {
      throw new WindowTooLargeError(
        `more than ${maxCalls} PeopleSoft requests would be needed: preview a narrower window`,
      );
    }
    let answer: FetchWindowResult;
    try {
      answer = await reader.fetchWindow(source, next);
    } catch (error) {
      const halves = reader.isSplittable(error) ? splitWindow(next) : null;
      if (!halves) throw error;
      pending.push(halves[1], halves[0]);
      continue;
    }
    if (answer.truncated) {
      const halves = splitWindow(next);
      if (!halves) {
        throw new WindowTooLargeError(
          `more than maxRows (${source.maxRows}) rows share LASTUPDDTTM ${next.from}: raise the source's maxRows`,
        );
      }
      pending.push(halves[1], halves[0]);
      continue;
    }
    yield { ...answer, window: next };
  }
}
