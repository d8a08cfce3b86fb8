import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConnectionsService, scheduleProblem } from '@ml/connections';
import { notFound } from '../connections/connections-admin.service';
import {
  ReadbackSettingsRepository,
  type ReadbackSettings,
  type SettingsChange,
} from './readback-settings.repository';

export interface ReconcileAccepted {
  readonly reconciliationId: string;
  readonly status: 'queued';
  readonly dryRun: boolean;
  readonly policy: string;
  readonly estimatedCalls: { readonly reads: number; readonly writes: number };
}

const UNIQUE_VIOLATION = '23505';

/**
 * POST /connections/:id/reconcile: estimates the HubSpot calls, then queues a reconciliation
 * that a poller runs (it holds the portal's shared budget). One at a time per connection.
 */
@Injectable()
export class ReconcileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsService,
    private readonly settings: ReadbackSettingsRepository,
  ) {}

  async request(connectionId: string, dryRun: boolean): Promise<ReconcileAccepted> {
    const connection = await this.connections.view(connectionId);
    if (!connection) throw notFound(connectionId);
    if (!connection.enabled) {
      throw new ConflictException('the connection is disabled: PATCH it with enabled: true first');
    }
    const { policy } = await this.settings.get(connectionId);
    const reads = await this.estimateReads(
      connectionId,
      Object.keys(connection.peoplesoft.sources),
    );
    try {
      const rows: Array<{ id: string }> = await this.dataSource.query(
        `INSERT INTO reconciliations (connection_id, trigger, dry_run, policy, status, estimated_reads)
         VALUES ($1, 'manual', $2, $3, 'queued', $4) RETURNING id`,
        [connectionId, dryRun, policy, reads],
      );
      return {
        reconciliationId: rows[0]?.id as string,
        status: 'queued',
        dryRun,
        policy,
        estimatedCalls: { reads, writes: 0 },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      const active: Array<{ id: string; status: string }> = await this.dataSource.query(
        `SELECT id, status FROM reconciliations
          WHERE connection_id = $1 AND status IN ('queued', 'running')`,
        [connectionId],
      );
      throw new ConflictException({
        message: 'a reconciliation is already queued or running for this connection',
        activeReconciliationId: active[0]?.id ?? null,
        activeStatus: active[0]?.status ?? null,
      });
    }
  }

  async getSettings(connectionId: string): Promise<ReadbackSettings> {
    if (!(await this.connections.view(connectionId))) throw notFound(connectionId);
    return this.settings.get(connectionId);
  }

  async updateSettings(connectionId: string, change: SettingsChange): Promise<ReadbackSettings> {
    const connection = await this.connections.view(connectionId);
    if (!connection) throw notFound(connectionId);
    if (change.reconcileCron) {
      const problem = scheduleProblem({
        cron: change.reconcileCron,
        timezone: connection.schedule.timezone,
      });
      if (problem) throw new BadRequestException(`reconcileCron: ${problem}`);
    }
    return this.settings.update(connectionId, change);
  }

  /** One list call per 100 records of each object type, and at least one per type. */
  private async estimateReads(connectionId: string, entities: readonly string[]): Promise<number> {
    const types = new Set(entities.map((e) => (e === 'employee' ? 'contacts' : 'companies')));
    const rows: Array<{ object_type: string; n: string }> = await this.dataSource.query(
      `SELECT object_type, count(*) AS n FROM sync_records
        WHERE connection_id = $1 AND entity = ANY($2::text[]) AND status <> 'invalid'
        GROUP BY object_type`,
      [connectionId, entities],
    );
    const counts = new Map(rows.map((r) => [r.object_type, Number(r.n)]));
    let reads = 0;
    for (const type of types) reads += Math.max(1, Math.ceil((counts.get(type) ?? 0) / 100));
    return reads;
  }
}
