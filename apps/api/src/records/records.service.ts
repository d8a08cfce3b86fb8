import { Injectable, NotFoundException } from '@nestjs/common';
import { RecordsQuery, type Page, type RecordRow, type RecordWithHistory } from '@ml/audit';
import type { RecordsQueryDto } from './records.dto';

@Injectable()
export class RecordsService {
  constructor(private readonly records: RecordsQuery) {}

  list(query: RecordsQueryDto): Promise<Page<RecordRow>> {
    return this.records.list({
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
  }

  async get(id: string): Promise<RecordWithHistory> {
    const record = await this.records.get(id);
    if (!record) throw new NotFoundException(`record ${id} does not exist`);
    return record;
  }
}
