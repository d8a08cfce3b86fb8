import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { NewConnection } from '@ml/connections';
import { AuthTypeDto, authSchema, authTypeOptions, BasicAuthDto, OAuth2AuthDto } from './auth.dto';
import { HOST_PATTERN, IsCron, IsHubSpotApiVersion, IsTimeZone } from './custom-validators';
import { SourcesDto } from './source.dto';

export const NAME_PATTERN = /^[^\p{Cc}]{1,100}$/u;
export const PEM_PATTERN = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;
export const URL_OPTIONS = {
  protocols: ['https', 'http'],
  require_protocol: true,
  require_tld: false,
};

export class ScheduleDto {
  @ApiProperty({ description: 'Cron, 5 fields (or 6 with seconds)', example: '0 */1 * * *' })
  @IsCron()
  cron!: string;

  @ApiProperty({ description: 'IANA time zone the cron is read in', example: 'Europe/Berlin' })
  @IsTimeZone()
  timezone!: string;
}

export class PeopleSoftInputDto {
  @ApiPropertyOptional({ enum: ['http', 'https'], default: 'https' })
  @IsOptional()
  @IsIn(['http', 'https'])
  scheme: 'http' | 'https' = 'https';

  @ApiProperty({ description: 'Integration Broker gateway host', example: 'psgw.example.com' })
  @Matches(HOST_PATTERN, {
    message: '$property must be a host name or IP address, without scheme or path',
  })
  host!: string;

  @ApiProperty({ minimum: 1, maximum: 65535, example: 443 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiProperty({ description: 'Default local node', example: 'PSFT_HR' })
  @Matches(/^[A-Za-z0-9_]{1,30}$/, { message: '$property must be 1-30 letters, digits or _' })
  node!: string;

  @ApiPropertyOptional({
    description: 'Path before /{NODE}',
    default: '/PSIGW/RESTListeningConnector',
  })
  @IsOptional()
  @Matches(/^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*\/?$/, {
    message:
      '$property must be a path starting with / whose segments are letters, digits, . _ ~ - (no . or .. segments)',
  })
  pathPrefix?: string;

  @ApiPropertyOptional({
    description: 'Budget of one HTTP exchange',
    default: 30000,
    minimum: 1000,
    maximum: 300000,
  })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(300_000)
  timeoutMs: number = 30_000;

  @ApiPropertyOptional({ description: 'Your CA (PEM), trusted in addition to the public roots' })
  @IsOptional()
  @MaxLength(65_536)
  @Matches(PEM_PATTERN, { message: '$property must be a PEM certificate' })
  caCertPem?: string;

  @ApiProperty(authSchema('BasicAuthDto', 'OAuth2AuthDto'))
  @IsObject()
  @ValidateNested()
  @Type(() => AuthTypeDto, authTypeOptions(BasicAuthDto, OAuth2AuthDto))
  auth!: BasicAuthDto | OAuth2AuthDto;

  @ApiProperty({ type: SourcesDto, description: 'At least one entity' })
  @IsNotEmptyObject(
    { nullable: false },
    { message: '$property must configure at least one entity' },
  )
  @ValidateNested()
  @Type(() => SourcesDto)
  sources!: SourcesDto;

  @ApiPropertyOptional({
    description: 'Seconds re-read before the watermark each poll',
    default: 300,
    minimum: 0,
    maximum: 86400,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  overlapSeconds: number = 300;

  @ApiPropertyOptional({
    description: 'Region of phone numbers without a country code',
    default: 'US',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: '$property must be a 2-letter region code such as US' })
  defaultPhoneRegion: string = 'US';
}

export class HubSpotInputDto {
  @ApiProperty({
    description: 'Private-app token; write-only, encrypted at rest, never returned',
    writeOnly: true,
    example: 'pat-na1-00000000-0000-4000-8000-000000000000',
  })
  @IsString()
  @Length(8, 512)
  @Matches(/^[\x21-\x7e]+$/, {
    message: '$property must be printable ASCII without white space (as HubSpot issues it)',
  })
  accessToken!: string;

  @ApiPropertyOptional({ default: 'https://api.hubapi.com' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  baseUrl: string = 'https://api.hubapi.com';

  @ApiPropertyOptional({ default: '2026-09', example: '2026-09' })
  @IsOptional()
  @IsHubSpotApiVersion()
  apiVersion: string = '2026-09';

  @ApiPropertyOptional({
    description: "Your app's limit per rolling 10 s (100 Free/Starter, 190 Pro/Enterprise)",
    default: 100,
    minimum: 1,
    maximum: 1000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  requestsPer10Seconds: number = 100;

  @ApiPropertyOptional({
    description: 'Requests per day for the account',
    default: 250000,
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  dailyLimit: number = 250_000;
}

export class CreateConnectionDto {
  @ApiProperty({ description: 'Unique name', example: 'acme-hr-prod' })
  @IsString()
  @Matches(NAME_PATTERN, {
    message: '$property must be 1-100 characters without control characters',
  })
  name!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled: boolean = true;

  @ApiProperty({ type: PeopleSoftInputDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PeopleSoftInputDto)
  peoplesoft!: PeopleSoftInputDto;

  @ApiProperty({ type: HubSpotInputDto })
  @IsObject()
  @ValidateNested()
  @Type(() => HubSpotInputDto)
  hubspot!: HubSpotInputDto;

  @ApiProperty({ type: ScheduleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule!: ScheduleDto;

  @ApiPropertyOptional({
    type: ScheduleDto,
    nullable: true,
    default: null,
    description:
      'When to run a full sync on its own (e.g. weekly: `0 3 * * 0`): re-read everything and ' +
      'send only what HubSpot does not hold as it is. null: only on demand',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleDto)
  fullSyncSchedule: ScheduleDto | null = null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Overrides of the default PeopleSoft → HubSpot mapping (docs/mapping.md); checked before ' +
      'it is stored: a bad one answers 400 with `issues`',
    example: {},
  })
  @IsOptional()
  @IsObject()
  mapping: Record<string, unknown> = {};

  @ApiPropertyOptional({ enum: ['set-status', 'archive'], default: 'set-status' })
  @IsOptional()
  @IsIn(['set-status', 'archive'])
  terminatedPolicy: 'set-status' | 'archive' = 'set-status';
}

/** The DTO as the connections library takes it. */
export function toNewConnection(dto: CreateConnectionDto): NewConnection {
  const { auth, sources, ...peoplesoft } = dto.peoplesoft;
  return {
    name: dto.name,
    enabled: dto.enabled,
    peoplesoft: { ...peoplesoft, auth: { ...auth }, sources: plainSources(sources) },
    hubspot: { ...dto.hubspot },
    schedule: { cron: dto.schedule.cron, timezone: dto.schedule.timezone },
    fullSyncSchedule: dto.fullSyncSchedule
      ? { cron: dto.fullSyncSchedule.cron, timezone: dto.fullSyncSchedule.timezone }
      : null,
    mapping: dto.mapping,
    terminatedPolicy: dto.terminatedPolicy,
  };
}

export function plainSources(sources: SourcesDto): NewConnection['peoplesoft']['sources'] {
  const plain: Record<string, unknown> = {};
  for (const entity of ['employee', 'vendor', 'customer'] as const) {
    const source = sources[entity];
    if (source) plain[entity] = JSON.parse(JSON.stringify(source)) as unknown;
  }
  return plain as NewConnection['peoplesoft']['sources'];
}
