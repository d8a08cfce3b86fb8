import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
} from 'class-validator';

export const MAX_REPLAY_RECORD_IDS = 1000;

export class ReplayRequestDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: `Record ids (GET /records), at most ${MAX_REPLAY_RECORD_IDS}`,
    example: ['3a1f8c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REPLAY_RECORD_IDS)
  @IsUUID('all', { each: true, message: 'each value in recordIds must be a UUID' })
  recordIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Every record this run touched' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A connection's records; needs outcome" })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({
    enum: ['failed', 'invalid'],
    description: 'Only records whose current status is this one (required with connectionId)',
    example: 'failed',
  })
  @IsOptional()
  @IsIn(['failed', 'invalid'])
  outcome?: 'failed' | 'invalid';

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only records whose state changed since',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ default: false, description: 'Only count; queue nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ReplayRunDto {
  @ApiProperty({ format: 'uuid' })
  connectionId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The replay run (follow it with GET /runs/{id}); with alreadyActive, the run in progress; null on a dry run',
  })
  runId!: string | null;

  @ApiProperty({ description: 'Records of this connection to replay', example: 12 })
  records!: number;

  @ApiProperty({
    description:
      'True when the connection already had a run queued or running: nothing was queued for it; ask again once that run finished',
    example: false,
  })
  alreadyActive!: boolean;
}

export class ReplayAcceptedDto {
  @ApiProperty({ example: false })
  dryRun!: boolean;

  @ApiProperty({ description: 'Records matched in all connections', example: 12 })
  records!: number;

  @ApiProperty({ type: [ReplayRunDto] })
  replayRuns!: ReplayRunDto[];

  @ApiProperty({
    type: [String],
    description: 'Requested recordIds that do not exist or do not match outcome/since',
  })
  unmatchedRecordIds!: string[];
}
