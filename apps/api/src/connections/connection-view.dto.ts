import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ScheduleDto } from './connection-input.dto';
import { SourcesDto } from './source.dto';

export class SecretStatusDto {
  @ApiProperty({ enum: [true], example: true })
  set!: true;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last 4 characters; null for short secrets',
    example: '0000',
  })
  last4!: string | null;
}

export class BasicAuthViewDto {
  @ApiProperty({ enum: ['basic'] })
  type!: 'basic';

  @ApiProperty({ example: 'ML_SYNC' })
  oprid!: string;

  @ApiProperty({ type: SecretStatusDto })
  password!: SecretStatusDto;
}

export class OAuth2AuthViewDto {
  @ApiProperty({ enum: ['oauth2'] })
  type!: 'oauth2';

  @ApiProperty({ example: 'https://idcs.example.com/oauth2/v1/token' })
  tokenUrl!: string;

  @ApiProperty({ example: 'ml-connector' })
  clientId!: string;

  @ApiPropertyOptional()
  scope?: string;

  @ApiProperty({ type: SecretStatusDto })
  clientSecret!: SecretStatusDto;
}

export class PeopleSoftViewDto {
  @ApiProperty({ enum: ['http', 'https'] })
  scheme!: 'http' | 'https';

  @ApiProperty({ example: 'psgw.example.com' })
  host!: string;

  @ApiProperty({ example: 443 })
  port!: number;

  @ApiProperty({ example: 'PSFT_HR' })
  node!: string;

  @ApiPropertyOptional({ example: '/PSIGW/RESTListeningConnector' })
  pathPrefix?: string;

  @ApiProperty({ example: 30000 })
  timeoutMs!: number;

  @ApiPropertyOptional()
  caCertPem?: string;

  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(BasicAuthViewDto) }, { $ref: getSchemaPath(OAuth2AuthViewDto) }],
    discriminator: {
      propertyName: 'type',
      mapping: { basic: getSchemaPath(BasicAuthViewDto), oauth2: getSchemaPath(OAuth2AuthViewDto) },
    },
  })
  auth!: BasicAuthViewDto | OAuth2AuthViewDto;

  @ApiProperty({ type: SourcesDto })
  sources!: SourcesDto;

  @ApiProperty({ example: 300 })
  overlapSeconds!: number;

  @ApiProperty({ example: 'US' })
  defaultPhoneRegion!: string;
}

export class HubSpotViewDto {
  @ApiProperty({ example: 'https://api.hubapi.com' })
  baseUrl!: string;

  @ApiProperty({ example: '2026-09' })
  apiVersion!: string;

  @ApiProperty({ example: 190 })
  requestsPer10Seconds!: number;

  @ApiProperty({ example: 1000000 })
  dailyLimit!: number;

  @ApiProperty({ type: SecretStatusDto })
  accessToken!: SecretStatusDto;
}

export class ConnectionViewDto {
  @ApiProperty({ format: 'uuid', example: '6d1f0a3e-2c4b-4b8a-9f51-1a2b3c4d5e6f' })
  id!: string;

  @ApiProperty({ example: 'acme-hr-prod' })
  name!: string;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ type: PeopleSoftViewDto })
  peoplesoft!: PeopleSoftViewDto;

  @ApiProperty({ type: HubSpotViewDto })
  hubspot!: HubSpotViewDto;

  @ApiProperty({ type: ScheduleDto })
  schedule!: ScheduleDto;

  @ApiProperty({
    type: ScheduleDto,
    nullable: true,
    description: 'When full syncs run on their own; null: only on demand',
  })
  fullSyncSchedule!: ScheduleDto | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: {} })
  mapping!: Record<string, unknown>;

  @ApiProperty({ enum: ['set-status', 'archive'] })
  terminatedPolicy!: 'set-status' | 'archive';

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why syncing stopped until a human acts',
    example: null,
  })
  attention!: string | null;

  @ApiProperty({ format: 'date-time' })
  nextRunAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next scheduled full sync is queued; null without a full-sync schedule',
  })
  nextFullSyncAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class WritingStatusDto {
  @ApiProperty({ description: 'Writers wait (HubSpot daily limit, a 429) before sending again' })
  paused!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2026-11-29T05:00:00.000Z',
  })
  pausedUntil!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'HubSpot daily limit reached (20 requests left today): paused until 2026-11-29 00:00 US/Eastern',
  })
  reason!: string | null;
}

export class ConnectionDetailDto extends ConnectionViewDto {
  @ApiProperty({ type: WritingStatusDto })
  writing!: WritingStatusDto;
}
