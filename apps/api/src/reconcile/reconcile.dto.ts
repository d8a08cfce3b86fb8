import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

export class ReconcileRequestDto {
  @ApiPropertyOptional({
    description: 'Classify only: read HubSpot and report, repair nothing',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class EstimatedCallsDto {
  @ApiProperty({
    example: 100,
    description:
      'List calls: one per 100 objects of each object type the connection writes, estimated ' +
      'from its audit trail (HubSpot objects written by others add to it)',
  })
  reads!: number;

  @ApiProperty({
    example: 0,
    description:
      'HubSpot calls made by the reconciliation itself: always 0. Repairs go through the ' +
      'writers as a replay run (about one batch upsert per 100 drifted records), counted ' +
      'in GET /connections/{id}/drift once known',
  })
  writes!: number;
}

export class ReconcileAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  reconciliationId!: string;

  @ApiProperty({ enum: ['queued'], description: 'A poller starts it at its next tick' })
  status!: 'queued';

  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({ enum: ['peoplesoft-wins', 'report-only'] })
  policy!: string;

  @ApiProperty({ type: EstimatedCallsDto })
  estimatedCalls!: EstimatedCallsDto;
}

export class ReadbackSettingsChangeDto {
  @ApiPropertyOptional({
    enum: ['peoplesoft-wins', 'report-only'],
    description:
      'peoplesoft-wins (default): drift is repaired (values re-sent, deleted objects restored ' +
      'or recreated, merges followed). report-only: drift is only reported',
  })
  @IsOptional()
  @IsIn(['peoplesoft-wins', 'report-only'])
  policy?: 'peoplesoft-wins' | 'report-only';

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0 3 * * 0',
    description:
      "Scheduled reconciliations (cron in the connection's time zone); null: on demand only",
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(100)
  reconcileCron?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    writeOnly: true,
    description:
      "The HubSpot app's client secret, to verify webhook signatures (stored encrypted, never " +
      'shown again); null turns webhooks off',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  webhookClientSecret?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://connector.example.com/webhooks/hubspot',
    description:
      'The target URL registered in the HubSpot app, when a proxy changes the URL the API ' +
      'sees (the signature covers it); null: the URL the request arrived on',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUrl({ require_tld: false, require_protocol: true })
  webhookUrl?: string | null;
}

export class SecretHintDto {
  @ApiProperty()
  set!: boolean;

  @ApiProperty({ example: '9f3a', description: 'Last 4 characters, empty when short or unset' })
  last4!: string;
}

export class ReadbackSettingsDto {
  @ApiProperty({ enum: ['peoplesoft-wins', 'report-only'] })
  policy!: string;

  @ApiProperty({ type: String, nullable: true })
  reconcileCron!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextReconcileAt!: string | null;

  @ApiProperty({ type: SecretHintDto, description: 'The webhook client secret, write-only' })
  webhook!: SecretHintDto;

  @ApiProperty({ type: String, nullable: true })
  webhookUrl!: string | null;
}
