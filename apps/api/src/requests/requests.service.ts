import { Injectable } from '@nestjs/common';
import { RequestsQuery, type HubSpotRequestView, type Page } from '@ml/audit';
import type { RequestsQueryDto } from './requests.dto';

@Injectable()
export class RequestsService {
  constructor(private readonly requests: RequestsQuery) {}

  list(query: RequestsQueryDto): Promise<Page<HubSpotRequestView>> {
    return this.requests.list({
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
  }
}
