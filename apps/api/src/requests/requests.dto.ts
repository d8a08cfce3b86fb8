import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../runs/runs.dto';

export class RequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ enum: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] })
  @IsOptional()
  @IsIn(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])
  method?: string;

  @ApiPropertyOptional({ enum: ['contacts', 'companies'] })
  @IsOptional()
  @IsIn(['contacts', 'companies'])
  objectType?: string;

  @ApiPropertyOptional({
    description: 'HTTP status HubSpot answered, e.g. 429',
    minimum: 100,
    maximum: 599,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;

  @ApiPropertyOptional({ example: 'rate-limited' })
  @IsOptional()
  @Matches(/^[a-z-]{1,40}$/, { message: '$property must be lower-case letters and -' })
  errorKind?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class HubSpotRequestDto {
  @ApiProperty({ example: '98765' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  connectionId!: string;

  @ApiProperty({ example: 'POST' })
  method!: string;

  @ApiProperty({ example: '/crm/objects/2026-09/contacts/batch/upsert' })
  path!: string;

  @ApiProperty({ type: String, nullable: true, example: 'contacts' })
  objectType!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 100 })
  batchSize!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 200,
    description: 'Null when no answer arrived',
  })
  status!: number | null;

  @ApiProperty({ example: 212.5 })
  durationMs!: number;

  @ApiProperty({ description: '1 for the first try, 2+ for retries', example: 1 })
  attempt!: number;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { type: 'number' },
    description: 'X-HubSpot-RateLimit-* headers of the answer',
    example: { max: 190, remaining: 172, intervalMs: 10000 },
  })
  rateLimit!: Record<string, number> | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  errorKind!: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;
}

export class RequestsPageDto {
  @ApiProperty({ type: [HubSpotRequestDto] })
  items!: HubSpotRequestDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
