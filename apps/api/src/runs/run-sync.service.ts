import { ConflictException, Injectable } from '@nestjs/common';
import { RunsRepository } from '@ml/audit';
import { ConnectionsService } from '@ml/connections';
import { notFound } from '../connections/connections-admin.service';

export interface SyncAccepted {
  readonly runId: string;
  readonly status: 'queued';
  readonly full: boolean;
}

/**
 * POST /connections/:id/sync. One active run per connection: when one is queued or running,
 * nothing is queued and the answer is 409 naming that run, so a `full` request is never
 * silently folded into a scheduled poll.
 */
@Injectable()
export class RunSyncService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly runs: RunsRepository,
  ) {}

  async request(connectionId: string, full: boolean): Promise<SyncAccepted> {
    const connection = await this.connections.view(connectionId);
    if (!connection) throw notFound(connectionId);
    if (!connection.enabled) {
      throw new ConflictException({
        message: 'the connection is disabled: PATCH it with enabled: true first',
        activeRunId: null,
        activeRunStatus: null,
      });
    }
    const result = await this.runs.enqueue(connectionId, 'manual', full ? { full: true } : {});
    if (!result.created) {
      throw new ConflictException({
        message: 'a run is already queued or running for this connection',
        activeRunId: result.runId,
        activeRunStatus: result.status,
      });
    }
    await this.connections.requestRunNow(connectionId);
    return { runId: result.runId, status: 'queued', full };
  }
}
