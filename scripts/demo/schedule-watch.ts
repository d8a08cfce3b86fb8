import type { AdminClient, RunDetail } from './admin-client';
import { fmt, say } from './console-ui';
import { sleep } from './processes';
import { isSettled } from './sync-progress';

/**
 * After the first sync: one line per later run (the schedule's), once it has settled, until
 * `stopped()` says so. Errors of a single look (the API restarting, say) are reported, not fatal.
 */
export async function watchSchedule(
  admin: AdminClient,
  connectionId: string,
  since: string,
  alreadyShown: ReadonlySet<string>,
  stopped: () => boolean,
): Promise<void> {
  const shown = new Set(alreadyShown);
  let complained = false;
  while (!stopped()) {
    try {
      const page = await admin.get<{ items: Array<{ id: string; requestedAt: string }> }>('/runs', {
        connectionId,
        limit: 10,
      });
      for (const item of [...page.items].reverse()) {
        // Runs of earlier sessions are history; requestedAt is ISO with microseconds, sortable.
        if (shown.has(item.id) || item.requestedAt <= since || stopped()) continue;
        const run = await admin.get<RunDetail>(`/runs/${item.id}`);
        if (!isSettled(run)) continue;
        shown.add(run.id);
        say(runLine(run));
      }
      complained = false;
    } catch (error) {
      if (!complained && !stopped()) say(`  (could not read the runs: ${describe(error)})`);
      complained = true;
    }
    for (let i = 0; i < 10 && !stopped(); i++) await sleep(300);
  }
}

function runLine(run: RunDetail): string {
  const o = run.outcomes;
  const at = (run.startedAt ?? run.requestedAt).slice(11, 19);
  const changes =
    o.created + o.updated + o.invalid + o.failed === 0
      ? 'nothing changed'
      : `created ${fmt(o.created)}, updated ${fmt(o.updated)}, invalid ${fmt(o.invalid)}, ` +
        `failed ${fmt(o.failed)}`;
  const error = run.error ? `  error: ${run.error}` : '';
  return `  ${at} UTC  ${run.trigger} run ${run.status}: read ${fmt(run.fetched)} rows, ${changes}${error}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
