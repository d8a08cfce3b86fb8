import { join } from 'node:path';
import { heading, say } from './console-ui';
import type { DemoOptions } from './options';
import type { IncrementalSetup } from './session-state';
import type { Simulators } from './simulators';
import type { SyncSummary } from './summary';

export function printUrls(
  apiUrl: string,
  health: { pollerHealth: string; writerHealth: string },
  sims: Simulators,
  workDir: string,
): void {
  heading('Where to look');
  say(`  Swagger UI                ${apiUrl}/docs   (Authorize with the key in the file above)`);
  say(`  Metrics                   ${apiUrl}/metrics`);
  say(
    `                            ${health.pollerHealth}/metrics (poller), ${health.writerHealth}/metrics (writer)`,
  );
  say(`  HubSpot simulator state   ${sims.hubspotUrl}/__sim/state?objects=false`);
  say(`  PeopleSoft simulator      ${sims.peoplesoftUrl}/__sim/state?limit=20`);
  say(`  App logs                  ${join(workDir, '{api,poller,writer}.log')}`);
}

export interface SessionFacts {
  readonly options: DemoOptions;
  readonly connectionId: string;
  readonly incremental: IncrementalSetup | undefined;
  readonly apiUrl: string;
  readonly keyFile: string;
  readonly workDir: string;
}

/**
 * The final line with --once: the summary as JSON, with the HubSpot simulator's own counters
 * and state next to what the admin API said, so a test can hold one against the other.
 */
export function machineSummary(summary: SyncSummary, facts: SessionFacts): Record<string, unknown> {
  const { run } = summary;
  return {
    kind: 'ml-connector-demo-summary',
    session: facts.incremental ? 'incremental' : 'initial',
    database: facts.options.database,
    queuePrefix: facts.options.queuePrefix,
    connectionId: facts.connectionId,
    runId: run.id,
    runStatus: run.status,
    complete: run.complete,
    fetched: run.fetched,
    emitted: run.emitted,
    records: summary.records,
    outcomes: run.outcomes,
    unchanged: summary.unchanged,
    wallMs: summary.wallMs,
    recordsPerSecond:
      summary.wallMs > 0 ? Math.round((summary.records * 1000) / summary.wallMs) : 0,
    reasons: summary.reasons.slice(0, 10),
    hubspot: summary.hubspot,
    restored: facts.incremental?.restored ?? null,
    changes: facts.incremental?.changes ?? null,
    urls: { swagger: `${facts.apiUrl}/docs`, metrics: `${facts.apiUrl}/metrics` },
    files: { adminKey: facts.keyFile, logs: facts.workDir },
  };
}
