import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class DriftQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 20, default: 10, description: 'Examples per class' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  examples?: number;
}

export class DriftCountsDto {
  @ApiProperty() 'in-sync'!: number;
  @ApiProperty({ description: 'A connector-owned property was changed in HubSpot' })
  edited!: number;
  @ApiProperty({ description: 'Deleted (archived) in HubSpot' })
  'archived-deleted'!: number;
  @ApiProperty({ description: 'Merged in HubSpot: the stored id is stale or shared' })
  merged!: number;
  @ApiProperty({
    description: 'In HubSpot with an ml_peoplesoft_id this connection has no record for',
  })
  orphaned!: number;
  @ApiProperty({ description: 'Known from PeopleSoft, never arrived in HubSpot' })
  missing!: number;
}

export class DriftExampleDto {
  @ApiProperty({ type: String, nullable: true, example: 'employee' })
  entity!: string | null;
  @ApiProperty({ example: 'KU0001' })
  sourceId!: string;
  @ApiProperty({ example: 'contacts' })
  objectType!: string;
  @ApiProperty({ type: String, nullable: true })
  hubspotId!: string | null;
  @ApiPropertyOptional({ description: 'For merges: the object that answers for the record now' })
  survivorId?: string;
  @ApiPropertyOptional({
    description: 'Edited properties: name, HubSpot value, value sent from PeopleSoft',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  changed?: Array<Record<string, unknown>>;
  @ApiProperty()
  detail!: string;
  @ApiProperty({ description: 'What was done, or what would be done (dry run, report only)' })
  action!: string;
}

export class DriftReportDto {
  @ApiProperty({ format: 'uuid' })
  reconciliationId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] })
  status!: string;
  @ApiProperty({ enum: ['manual', 'schedule'] })
  trigger!: string;
  @ApiProperty()
  dryRun!: boolean;
  @ApiProperty({ enum: ['peoplesoft-wins', 'report-only'] })
  policy!: string;
  @ApiProperty({ description: 'Estimated before it ran' })
  estimatedReads!: number;
  @ApiProperty({ description: 'HubSpot calls the reconciliation made (all reads)' })
  reads!: number;
  @ApiProperty({ description: 'HubSpot writes the reconciliation itself made: always 0' })
  writes!: number;
  @ApiProperty({ description: 'Records queued for a re-send through the writers' })
  repairsQueued!: number;
  @ApiProperty({ type: DriftCountsDto })
  counts!: DriftCountsDto;
  @ApiProperty({
    description: 'The first examples of each class (in-sync ones left out)',
    type: 'object',
    additionalProperties: {
      type: 'array',
      items: { $ref: '#/components/schemas/DriftExampleDto' },
    },
  })
  examples!: Record<string, DriftExampleDto[]>;
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

export class DriftDto {
  @ApiProperty({
    type: DriftReportDto,
    nullable: true,
    description: 'The last finished reconciliation; null before the first one',
  })
  last!: DriftReportDto | null;
  @ApiProperty({
    type: DriftReportDto,
    nullable: true,
    description: 'One queued or running now, if any',
  })
  current!: DriftReportDto | null;
}
