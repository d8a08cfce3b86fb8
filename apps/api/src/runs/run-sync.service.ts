import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { RunsRepository } from '@ml/audit';
import { ConnectionsService } from '@ml/connections';
import { notFound } from '../connections/connections-admin.service';

export interface SyncAccepted {
  readonly runId: string;
  readonly status: 'queued';
  readonly full: boolean;
  readonly resend: boolean;
}

export interface SyncRequest {
  /** Re-read everything; send what HubSpot does not hold as it is. */
  readonly full: boolean;
  /** With full: send every record again. */
  readonly resend: boolean;
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

  async request(connectionId: string, { full, resend }: SyncRequest): Promise<SyncAccepted> {
    if (resend && !full) {
      throw new BadRequestException(
        'resend re-sends a full sync: send {"full": true, "resend": true}',
      );
    }
    const connection = await this.connections.view(connectionId);
    if (!connection) throw notFound(connectionId);
    if (!connection.enabled) {
      throw new ConflictException({
        message: 'the connection is disabled: PATCH it with enabled: true first',
        activeRunId: null,
        activeRunStatus: null,
      });
    }
    const result = await this.runs.enqueue(
      connectionId,
      'manual',
      full ? { full: true, ...(resend ? { resend: true } : {}) } : {},
    );
    if (!result.created) {
      throw new ConflictException({
        message: 'a run is already queued or running for this connection',
        activeRunId: result.runId,
        activeRunStatus: result.status,
      });
    }
    await this.connections.requestRunNow(connectionId);
    return { runId: result.runId, status: 'queued', full, resend };
  }
}
