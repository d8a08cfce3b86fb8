import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditRetention } from './audit-retention';
import { RecordsQuery } from './records.query';
import { ReplayTargetsQuery } from './replay-targets.query';
import { RequestsQuery } from './requests.query';
import { RunsQuery } from './runs.query';
import { RunsRepository } from './runs.repository';

const PROVIDERS = [
  AuditRepository,
  RunsRepository,
  RunsQuery,
  RecordsQuery,
  RequestsQuery,
  ReplayTargetsQuery,
  AuditRetention,
];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class AuditModule {}
