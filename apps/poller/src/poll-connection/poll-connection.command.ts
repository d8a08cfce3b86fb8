import type { ConnectionWithSecrets } from '@ml/connections';

export interface PollConnectionCommand {
  readonly connection: ConnectionWithSecrets;
  /** Identifies this poller process; the lease is held in its name. */
  readonly holder: string;
  readonly now: Date;
}

export type PollOutcome =
  | { readonly status: 'busy' }
  | {
      readonly status: 'succeeded' | 'failed';
      /** Null when the run could not even be recorded (Postgres unreachable). */
      readonly runId: string | null;
      readonly fetched: number;
      readonly emitted: number;
      readonly invalid: number;
      readonly errors: readonly string[];
    };
