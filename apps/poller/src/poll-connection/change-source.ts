import type { SourceEntity } from '@ml/messaging';
import type { SourceRow } from '@ml/mapping';
import type { ChangeWindow as ChangeWindow } from '@ml/peoplesoft';

export interface FetchedWindow {
  readonly rows: readonly SourceRow[];
  /** The answer held exactly maxrows rows: PeopleSoft may have cut it short. */
  readonly truncated: boolean;
  /** Rows PeopleSoft sent that could not be read, each failing alone. */
  readonly rowErrors: ReadonlyArray<{ readonly rowNumber: number; readonly reason: string }>;
}

/** Where changed rows come from: PeopleSoft in production, anything else in unit tests. */
export interface ChangeSource {
  fetchWindow(entity: SourceEntity, window: ChangeWindow): Promise<FetchedWindow>;
  /** True when the error means "this window is too big or too slow": split it and retry. */
  isSplittable(error: unknown): boolean;
}
