import type { AdminClient, Page, RunDetail } from './admin-client';
import { endProgress, errorText, fmt, progress, say, seconds, step } from './console-ui';
import { sleep } from './processes';

export interface SyncRequest {
  readonly runId: string;
  /** False when another run was already queued or running: that one has to finish first. */
  readonly ours: boolean;
}

/** POST /connections/:id/sync; a 409 names the run in the way. */
export async function requestSync(admin: AdminClient, connectionId: string): Promise<SyncRequest> {
  const answer = await admin.postRaw(`/connections/${connectionId}/sync`, {});
  const body = (answer.body ?? {}) as {
    runId?: string;
    activeRunId?: string | null;
    message?: string;
  };
  if (answer.status === 202 && body.runId) return { runId: body.runId, ours: true };
  if (answer.status === 409 && body.activeRunId) return { runId: body.activeRunId, ours: false };
  throw new Error(
    `POST /connections/${connectionId}/sync answered ${answer.status}: ${body.message ?? ''}`,
  );
}

/** Emitted events that reached a final outcome (every attempt but `retrying` and `invalid`). */
export function finalEvents(run: RunDetail): number {
  const o = run.outcomes;
  return o.created + o.updated + o.unchanged + o.stale + o.superseded + o.failed;
}

/**
 * Settled: the poller finished and every event it emitted has a final outcome. Not `complete`
 * alone: it compares records settled (rejected rows included) with emitted plus `invalid`,
 * and `invalid` counts only unreadable rows, so it turns true while events are still in flight.
 */
export function isSettled(run: RunDetail): boolean {
  return (run.status === 'succeeded' || run.status === 'failed') && finalEvents(run) >= run.emitted;
}

/**
 * Follows a run with a progress bar until it settles: records with a final outcome out of the
 * records the poller emitted or rejected so far (GET /runs/:id). Throws when nothing moved for
 * `stallMs`, or when `aborted` says an app died.
 */
export async function followRun(
  admin: AdminClient,
  runId: string,
  stallMs: number,
  aborted: () => Error | undefined,
  done: (run: RunDetail) => boolean = isSettled,
): Promise<RunDetail> {
  const started = Date.now();
  let lastKey = '';
  let lastMove = Date.now();
  for (;;) {
    const failure = aborted();
    if (failure) {
      endProgress();
      throw failure;
    }
    const run = await admin.get<RunDetail>(`/runs/${runId}`);
    const o = run.outcomes;
    const settled = done(run);
    const detail =
      run.status === 'queued'
        ? 'queued: waiting for the poller'
        : `read ${fmt(run.fetched)}  created ${fmt(o.created)}  updated ${fmt(o.updated)}  ` +
          `unchanged ${fmt(o.unchanged)}  invalid ${fmt(o.invalid)}  failed ${fmt(o.failed)}` +
          `  ${seconds(Date.now() - started)}`;
    progress(finalEvents(run) + o.invalid, run.emitted + o.invalid, detail, settled);
    if (settled) {
      endProgress();
      return run;
    }
    const key = JSON.stringify([run.status, run.fetched, run.emitted, o]);
    if (key !== lastKey) {
      lastKey = key;
      lastMove = Date.now();
    } else if (Date.now() - lastMove > stallMs) {
      endProgress();
      throw new Error(
        `run ${runId} made no progress for ${Math.round(stallMs / 1000)} s ` +
          `(status ${run.status}, ${finalEvents(run)} of ${run.emitted} changes written)`,
      );
    }
    await sleep(400);
  }
}

const DRAIN_STALL_MS = 30_000;

/**
 * Runs of earlier sessions whose changes are not all written (the demo was stopped while they
 * sat in the queue): the writer, already running, finishes them now. Gives up on one that does
 * not move for 30 s (its messages are gone), with a note.
 */
export async function finishEarlierRuns(
  admin: AdminClient,
  connectionId: string,
  aborted: () => Error | undefined,
): Promise<void> {
  const page = await admin.get<Page<{ id: string }>>('/runs', { connectionId, limit: 20 });
  for (const { id } of [...page.items].reverse()) {
    const run = await admin.get<RunDetail>(`/runs/${id}`);
    const left = run.emitted - finalEvents(run);
    if (left <= 0) continue;
    step(
      `Run ${run.id} of an earlier session left ${fmt(left)} changes in the queue: writing them first`,
    );
    try {
      await followRun(admin, run.id, DRAIN_STALL_MS, aborted, (r) => finalEvents(r) >= r.emitted);
    } catch (error) {
      if (aborted()) throw error;
      say(`  (gave up waiting for it: ${errorText(error)})`);
    }
  }
}
