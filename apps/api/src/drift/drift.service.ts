import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConnectionsService } from '@ml/connections';
import { notFound } from '../connections/connections-admin.service';

interface Row {
  id: string;
  status: string;
  trigger: string;
  dry_run: boolean;
  policy: string;
  estimated_reads: number;
  reads: number;
  writes: number;
  repairs_queued: number;
  counts: Record<string, number>;
  examples: Record<string, unknown[]>;
  error: string | null;
  requested_at: Date;
  finished_at: Date | null;
}

const CLASSES = ['in-sync', 'edited', 'archived-deleted', 'merged', 'orphaned', 'missing'];

/** GET /connections/:id/drift: the last reconciliation's counts and examples. */
@Injectable()
export class DriftService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsService,
  ) {}

  async drift(connectionId: string, examplesPerClass: number) {
    if (!(await this.connections.view(connectionId))) throw notFound(connectionId);
    const select = `SELECT id, status, trigger, dry_run, policy, estimated_reads, reads, writes,
                           repairs_queued, counts, examples, error, requested_at, finished_at
                      FROM reconciliations WHERE connection_id = $1`;
    const [last] = (await this.dataSource.query(
      `${select} AND status IN ('succeeded', 'failed') ORDER BY requested_at DESC LIMIT 1`,
      [connectionId],
    )) as Row[];
    const [current] = (await this.dataSource.query(
      `${select} AND status IN ('queued', 'running') LIMIT 1`,
      [connectionId],
    )) as Row[];
    return {
      last: last ? view(last, examplesPerClass) : null,
      current: current ? view(current, examplesPerClass) : null,
    };
  }
}

function view(row: Row, examplesPerClass: number) {
  const counts = Object.fromEntries(CLASSES.map((c) => [c, row.counts[c] ?? 0]));
  const examples = Object.fromEntries(
    CLASSES.filter((c) => c !== 'in-sync').map((c) => [
      c,
      (row.examples[c] ?? []).slice(0, examplesPerClass),
    ]),
  );
  return {
    reconciliationId: row.id,
    status: row.status,
    trigger: row.trigger,
    dryRun: row.dry_run,
    policy: row.policy,
    estimatedReads: row.estimated_reads,
    reads: row.reads,
    writes: row.writes,
    repairsQueued: row.repairs_queued,
    counts,
    examples,
    error: row.error,
    requestedAt: row.requested_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
