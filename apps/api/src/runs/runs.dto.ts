import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class SyncRequestDto {
  @ApiPropertyOptional({
    description:
      'Full sync: re-read everything from PeopleSoft and send only the records HubSpot does not ' +
      'hold as they are (changed since, never written, or whose last write failed)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  full?: boolean;

  @ApiPropertyOptional({
    description:
      'With `full`: send every record again, even those HubSpot holds as they are (the writer ' +
      'audits those `unchanged` without calling HubSpot)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  resend?: boolean;
}

export class SyncAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty({ enum: ['queued'], description: 'A poller starts it at its next tick' })
  status!: 'queued';

  @ApiProperty({ example: false })
  full!: boolean;

  @ApiProperty({ example: false })
  resend!: boolean;
}

export class ActiveRunConflictDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ example: 'a run is already queued or running for this connection' })
  message!: string;

  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The run in progress (null when the connection is disabled)',
  })
  activeRunId!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['queued', 'running'] })
  activeRunStatus!: string | null;

  @ApiProperty()
  correlationId!: string;
}

export const PAGE_LIMIT = { default: 50, max: 200 };

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_LIMIT.max, default: PAGE_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT.max)
  limit: number = PAGE_LIMIT.default;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class RunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ enum: ['queued', 'running', 'succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['queued', 'running', 'succeeded', 'failed'])
  status?: 'queued' | 'running' | 'succeeded' | 'failed';

  @ApiPropertyOptional({ enum: ['schedule', 'manual', 'replay'] })
  @IsOptional()
  @IsIn(['schedule', 'manual', 'replay'])
  trigger?: 'schedule' | 'manual' | 'replay';
}

export class RunWindowDto {
  @ApiProperty({ example: 'employee' })
  entity!: string;

  @ApiProperty({ example: '2026-11-28-01.55.00.000000' })
  from!: string;

  @ApiProperty({ example: '2026-11-28-02.00.00.000000' })
  to!: string;

  @ApiProperty({ example: 42 })
  rows!: number;
}

export class RunSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  connectionId!: string;

  @ApiProperty({ enum: ['schedule', 'manual', 'replay'] })
  trigger!: string;

  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] })
  status!: string;

  @ApiProperty({ description: 'A full reconciliation' })
  full!: boolean;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Start to finish (to now while running)',
  })
  durationMs!: number | null;

  @ApiProperty({ description: 'Rows read from PeopleSoft' })
  fetched!: number;

  @ApiProperty({ description: 'Change events sent to the writers' })
  emitted!: number;

  @ApiProperty({ description: 'Rows refused by the mapping' })
  invalid!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}

export class RunsPageDto {
  @ApiProperty({ type: [RunSummaryDto] })
  items!: RunSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class OutcomeCountsDto {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Older than what HubSpot already has' }) stale!: number;
  @ApiProperty({ description: 'Replaced by a newer event in the same batch' }) superseded!: number;
  @ApiProperty() retrying!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() invalid!: number;
}

export class RunDetailDto extends RunSummaryDto {
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'What was asked: {"full": true} or {"sourceIds": {"employee": ["KU0042"]}}',
  })
  request!: Record<string, unknown> | null;

  @ApiProperty({ type: [RunWindowDto] })
  windows!: RunWindowDto[];

  @ApiProperty({ type: OutcomeCountsDto, description: 'Attempts of this run by outcome' })
  outcomes!: OutcomeCountsDto;

  @ApiProperty({ description: 'Records of this run that reached a final state' })
  settledRecords!: number;

  @ApiProperty({
    description: 'Finished, and every emitted or refused record reached a final state',
  })
  complete!: boolean;
}
