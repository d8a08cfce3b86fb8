import { rawUpsertSpeed } from '../lib/hubspot-raw-speed';
import { resultRow, atLeast, atMost, zero, type ResultRow } from '../lib/result-row';
import { measureUnchangedResync } from '../lib/resync';
import {
  exitNote,
  failedAtHubSpot,
  measureInitialSync,
  outcomeSummary,
  refusedNote,
  settledByWriter,
} from '../lib/run-sync';
import type { Sizes } from '../lib/sizes';
import { perSecond } from '../lib/stats';
import { BENCH_HUBSPOT_TOKEN, SyncStack } from '../lib/sync-stack';
import { measureWriterDrain } from '../lib/writer-drain';

const NAME = 'pipeline';
const LIFTED = 10_000_000;
/** Issue 3's budget for the poller; borrowed for the writer, which has none of its own. */
const RSS_BUDGET_MB = 300;

/**
 * The product's own speed with HubSpot's limit lifted (poller and one writer process), then an
 * unchanged full re-read of the same data, which must spend no HubSpot call at all; then the
 * writer alone, draining a queue the poller filled first.
 */
export async function runPipelineBenchmark(sizes: Sizes): Promise<ResultRow[]> {
  const rows = await runPipeline(sizes);
  return [...rows, await runWriterAlone(sizes)];
}

async function runWriterAlone(sizes: Sizes): Promise<ResultRow> {
  const stack = await SyncStack.start({
    label: 'bench_wdrain',
    employees: sizes.pipelineRecords,
    writers: 0,
    portalRequestsPer10s: LIFTED,
    connectionRequestsPer10s: LIFTED,
    uniqueEmails: sizes.uniqueEmails,
  });
  try {
    const d = await measureWriterDrain(stack, 1);
    const mean = d.upserts.meanBatch === null ? 'n/a' : d.upserts.meanBatch.toFixed(1);
    return resultRow(NAME, {
      figure: 'writer alone: events/s draining a full queue (limit lifted)',
      value: Math.round(perSecond(d.queued, d.drainMs)),
      unit: 'events/s',
      target: atLeast(5_000),
      note:
        `${d.queued.toLocaleString('en-US')} events queued by the poller alone in ` +
        `${(d.fillMs / 1000).toFixed(1)} s, drained by 1 writer in ${(d.drainMs / 1000).toFixed(1)} s; ` +
        `${d.upserts.count} batch upserts, mean ${mean} inputs`,
    });
  } finally {
    await stack.destroy();
  }
}

async function runPipeline(sizes: Sizes): Promise<ResultRow[]> {
  const stack = await SyncStack.start({
    label: 'bench_pipe',
    employees: sizes.pipelineRecords,
    writers: 1,
    portalRequestsPer10s: LIFTED,
    connectionRequestsPer10s: LIFTED,
    uniqueEmails: sizes.uniqueEmails,
  });
  try {
    const names = stack.apps.map((a) => a.name);
    const m = await measureInitialSync(stack);
    const resync = await measureUnchangedResync(stack, m.connectionId);
    const rss = stack.peakRss();
    const codes = await stack.stopApps();
    const reference = await rawUpsertSpeed(stack.hubspot, BENCH_HUBSPOT_TOKEN, 200);
    const outcomes = Object.entries(resync.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return [
      resultRow(NAME, {
        figure: 'records/s, poller to acked write (limit lifted)',
        value: Math.round(perSecond(settledByWriter(m), m.elapsedMs)),
        unit: 'records/s',
        target: atLeast(5_000),
        reference: {
          name: "the HubSpot simulator's raw upsert speed",
          value: Math.round(reference),
          unit: 'records/s',
        },
        note: `${outcomeSummary(m)}; 1 writer; ${m.counters.rateLimited} x 429`,
      }),
      resultRow(NAME, {
        figure: 'records failed at HubSpot',
        value: failedAtHubSpot(m),
        unit: 'records',
        target: zero,
      }),
      resultRow(NAME, {
        figure: "records refused before sending (the data's shared emails)",
        value: m.refusedBeforeSending,
        unit: 'records',
        note: refusedNote(m),
      }),
      resultRow(NAME, {
        figure: 'writer peak RSS',
        value: rss.writers[0] ?? null,
        unit: 'MB',
        target: atMost(RSS_BUDGET_MB),
        note: 'VmHWM over the initial sync and the re-sync',
      }),
      resultRow(NAME, {
        figure: 'poller peak RSS',
        value: rss.poller,
        unit: 'MB',
        target: atMost(RSS_BUDGET_MB),
        note: `VmHWM; ${sizes.pipelineRecords.toLocaleString('en-US')} employees, maxRows 5000`,
      }),
      resultRow(NAME, {
        figure: 'unchanged re-sync: HubSpot calls',
        value: resync.hubspotCalls,
        unit: 'calls',
        target: zero,
        note:
          `full run ${resync.runStatus}, ${resync.emitted} events re-sent, attempts: ${outcomes}; ` +
          `${(resync.elapsedMs / 1000).toFixed(1)} s` +
          (exitNote(codes, names) ? `; ${exitNote(codes, names)}` : ''),
      }),
    ];
  } finally {
    await stack.destroy();
  }
}
