import { Injectable, NotFoundException } from '@nestjs/common';
import { RunsQuery, type Page, type RunDetail, type RunSummary } from '@ml/audit';
import type { RunsQueryDto } from './runs.dto';

@Injectable()
export class RunsReadService {
  constructor(private readonly runs: RunsQuery) {}

  list(query: RunsQueryDto): Promise<Page<RunSummary>> {
    return this.runs.list(query);
  }

  async get(id: string): Promise<RunDetail> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundException(`run ${id} does not exist`);
    return run;
  }
}
