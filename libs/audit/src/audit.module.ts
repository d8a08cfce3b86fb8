import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { RunsRepository } from './runs.repository';

@Module({
  providers: [AuditRepository, RunsRepository],
  exports: [AuditRepository, RunsRepository],
})
export class AuditModule {}
