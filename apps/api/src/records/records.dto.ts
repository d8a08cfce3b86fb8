import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../runs/runs.dto';

const OUTCOMES = [
  'created',
  'updated',
  'unchanged',
  'stale',
  'superseded',
  'retrying',
  'failed',
  'invalid',
] as const;
const STATUSES = ['synced', 'failed', 'invalid', 'pending'] as const;

export class RecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ enum: ['employee', 'vendor', 'customer'] })
  @IsOptional()
  @IsIn(['employee', 'vendor', 'customer'])
  entity?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: "The record's current status" })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({
    description: 'PeopleSoft id (EMPLID, VENDOR_ID, CUST_ID)',
    example: 'KU0042',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sourceId?: string;

  @ApiPropertyOptional({ description: 'HubSpot object id', example: '51234' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  hubspotId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Records with an attempt in this run' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({
    enum: OUTCOMES,
    description: 'Records with an attempt that had this outcome',
  })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Records with an attempt at or after this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Records with an attempt before this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AttemptSummaryDto {
  @ApiProperty({ enum: OUTCOMES })
  outcome!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  runId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'VALIDATION_ERROR' })
  errorCategory!: string | null;

  @ApiProperty({ type: String, nullable: true })
  errorMessage!: string | null;

  @ApiProperty({ format: 'date-time' })
  attemptedAt!: string;
}

export class RecordDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  connectionId!: string;

  @ApiProperty({ enum: ['employee', 'vendor', 'customer'] })
  entity!: string;

  @ApiProperty({ example: 'KU0042' })
  sourceId!: string;

  @ApiProperty({ enum: ['contacts', 'companies'] })
  objectType!: string;

  @ApiProperty({ type: String, nullable: true, example: '51234' })
  hubspotId!: string | null;

  @ApiProperty({ enum: STATUSES })
  status!: string;

  @ApiProperty({ description: 'Attempts so far' })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  lastRunId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "PeopleSoft's LASTUPDDTTM of the synced version",
  })
  sourceUpdatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  syncedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: AttemptSummaryDto, nullable: true })
  lastAttempt!: AttemptSummaryDto | null;
}

export class RecordsPageDto {
  @ApiProperty({ type: [RecordDto] })
  items!: RecordDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AttemptDto {
  @ApiProperty({ example: '1042' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  runId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  eventId!: string | null;

  @ApiProperty({ enum: OUTCOMES })
  outcome!: string;

  @ApiProperty({ type: String, nullable: true })
  hubspotId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  payloadHash!: string | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { type: 'string' },
    description: 'The properties sent to HubSpot',
    example: { email: 'ada@example.com', ml_peoplesoft_id: 'KU0042' },
  })
  properties!: Record<string, string> | null;

  @ApiProperty({ type: String, nullable: true, description: "HubSpot's correlation id" })
  correlationId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  errorCategory!: string | null;

  @ApiProperty({ type: String, nullable: true })
  errorMessage!: string | null;

  @ApiProperty({ format: 'date-time' })
  attemptedAt!: string;
}

export class RecordWithHistoryDto extends RecordDto {
  @ApiProperty({ type: [AttemptDto], description: 'Every attempt kept, newest first' })
  history!: AttemptDto[];
}
