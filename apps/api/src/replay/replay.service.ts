import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ReplayTargetsQuery, RunsQuery, RunsRepository, type ReplaySelection } from '@ml/audit';
import { ConnectionsService } from '@ml/connections';
import { notFound } from '../connections/connections-admin.service';
import { planReplay, type ConnectionReplay } from './replay-plan';
import type { ReplayRequestDto } from './replay.dto';

/** More would make one run's request unwieldy; narrow with `since` or replay by run. */
export const MAX_REPLAY_RECORDS = 50_000;

export interface ReplayRun {
  readonly connectionId: string;
  readonly runId: string | null;
  readonly records: number;
  readonly alreadyActive: boolean;
}

export interface ReplayAccepted {
  readonly dryRun: boolean;
  readonly records: number;
  readonly replayRuns: ReplayRun[];
  readonly unmatchedRecordIds: string[];
}

/**
 * POST /replay: resolves the records, then queues one replay run per connection asking the
 * poller to re-read those PeopleSoft ids and send their current state through the writers.
 * Replaying twice only sends the current state twice; upserts make that harmless.
 */
@Injectable()
export class ReplayService {
  constructor(
    private readonly targets: ReplayTargetsQuery,
    private readonly runsQuery: RunsQuery,
    private readonly runs: RunsRepository,
    private readonly connections: ConnectionsService,
  ) {}

  async replay(request: ReplayRequestDto): Promise<ReplayAccepted> {
    const selection = await this.selectionOf(request);
    const found = await this.targets.resolve(
      selection,
      { status: request.outcome, since: request.since ? new Date(request.since) : undefined },
      MAX_REPLAY_RECORDS + 1,
    );
    if (found.length > MAX_REPLAY_RECORDS) {
      throw new BadRequestException(
        `more than ${MAX_REPLAY_RECORDS} records match: narrow the replay with since or outcome`,
      );
    }
    const plan = planReplay(found);
    const matched = new Set(found.map((target) => target.recordId));
    const unmatchedRecordIds = (request.recordIds ?? []).filter((id) => !matched.has(id));
    const records = plan.reduce((sum, p) => sum + p.records, 0);
    if (request.dryRun === true) {
      return {
        dryRun: true,
        records,
        replayRuns: plan.map((p) => ({ ...summary(p), runId: null, alreadyActive: false })),
        unmatchedRecordIds,
      };
    }
    await this.assertEnabled(plan);
    const replayRuns: ReplayRun[] = [];
    for (const p of plan) replayRuns.push(await this.enqueue(p));
    return { dryRun: false, records, replayRuns, unmatchedRecordIds };
  }

  private async selectionOf(request: ReplayRequestDto): Promise<ReplaySelection> {
    const given = [request.recordIds, request.runId, request.connectionId].filter(
      (value) => value !== undefined,
    );
    if (given.length !== 1) {
      throw new BadRequestException('exactly one of recordIds, runId or connectionId is required');
    }
    if (request.recordIds) return { kind: 'records', recordIds: request.recordIds };
    if (request.runId) {
      if (!(await this.runsQuery.get(request.runId))) {
        throw new NotFoundException(`run ${request.runId} does not exist`);
      }
      return { kind: 'run', runId: request.runId };
    }
    const connectionId = request.connectionId as string;
    if (!request.outcome) {
      throw new BadRequestException('outcome is required with connectionId (failed or invalid)');
    }
    if (!(await this.connections.view(connectionId))) throw notFound(connectionId);
    return { kind: 'connection', connectionId };
  }

  /** A disabled connection never runs: refuse before queuing anything anywhere. */
  private async assertEnabled(plan: readonly ConnectionReplay[]): Promise<void> {
    for (const p of plan) {
      const connection = await this.connections.view(p.connectionId);
      if (connection && !connection.enabled) {
        throw new ConflictException(
          `connection ${p.connectionId} is disabled: enable it, or replay the others separately`,
        );
      }
    }
  }

  private async enqueue(p: ConnectionReplay): Promise<ReplayRun> {
    const result = await this.runs.enqueue(p.connectionId, 'replay', { sourceIds: p.sourceIds });
    if (!result.created) return { ...summary(p), runId: result.runId, alreadyActive: true };
    await this.connections.requestRunNow(p.connectionId);
    return { ...summary(p), runId: result.runId, alreadyActive: false };
  }
}

function summary(p: ConnectionReplay): { connectionId: string; records: number } {
  return { connectionId: p.connectionId, records: p.records };
}
