import { ApiPropertyOptional } from '@nestjs/swagger';
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { ConnectionPatch } from '@ml/connections';
import {
  AuthTypeDto,
  authSchema,
  authTypeOptions,
  BasicAuthPatchDto,
  OAuth2AuthPatchDto,
} from './auth.dto';
import {
  NAME_PATTERN,
  PEM_PATTERN,
  plainSources,
  ScheduleDto,
  URL_OPTIONS,
} from './connection-input.dto';
import { HOST_PATTERN, IsHubSpotApiVersion } from './custom-validators';
import { SourcesDto } from './source.dto';

/** Every field optional; nothing here has a default, so a field left out stays as stored. */
export class PeopleSoftPatchDto {
  @ApiPropertyOptional({ enum: ['http', 'https'] })
  @IsOptional()
  @IsIn(['http', 'https'])
  scheme?: 'http' | 'https';

  @ApiPropertyOptional({ example: 'psgw.example.com' })
  @IsOptional()
  @Matches(HOST_PATTERN, {
    message: '$property must be a host name or IP address, without scheme or path',
  })
  host?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 65535 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ example: 'PSFT_HR' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{1,30}$/, { message: '$property must be 1-30 letters, digits or _' })
  node?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*\/?$/, {
    message:
      '$property must be a path starting with / whose segments are letters, digits, . _ ~ - (no . or .. segments)',
  })
  pathPrefix?: string;

  @ApiPropertyOptional({ minimum: 1000, maximum: 300000 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(300_000)
  timeoutMs?: number;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes the CA' })
  @ValidateIf((o: PeopleSoftPatchDto) => o.caCertPem !== undefined && o.caCertPem !== null)
  @MaxLength(65_536)
  @Matches(PEM_PATTERN, { message: '$property must be a PEM certificate' })
  caCertPem?: string | null;

  @ApiPropertyOptional({
    ...authSchema('BasicAuthPatchDto', 'OAuth2AuthPatchDto'),
    description: 'Replaces the auth settings; leave the secret out to keep the stored one',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AuthTypeDto, authTypeOptions(BasicAuthPatchDto, OAuth2AuthPatchDto))
  auth?: BasicAuthPatchDto | OAuth2AuthPatchDto;

  @ApiPropertyOptional({ type: SourcesDto, description: 'Replaces the whole map of sources' })
  @IsOptional()
  @IsNotEmptyObject(
    { nullable: false },
    { message: '$property must configure at least one entity' },
  )
  @ValidateNested()
  @Type(() => SourcesDto)
  sources?: SourcesDto;

  @ApiPropertyOptional({ minimum: 0, maximum: 86400 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  overlapSeconds?: number;

  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: '$property must be a 2-letter region code such as US' })
  defaultPhoneRegion?: string;
}

export class HubSpotPatchDto {
  @ApiPropertyOptional({ description: 'A new token; write-only', writeOnly: true })
  @IsOptional()
  @IsString()
  @Length(8, 512)
  @Matches(/^[\x21-\x7e]+$/, {
    message: '$property must be printable ASCII without white space (as HubSpot issues it)',
  })
  accessToken?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  baseUrl?: string;

  @ApiPropertyOptional({ example: '2026-09' })
  @IsOptional()
  @IsHubSpotApiVersion()
  apiVersion?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  requestsPer10Seconds?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  dailyLimit?: number;
}

export class PatchConnectionDto {
  @ApiPropertyOptional({ example: 'acme-hr-prod' })
  @IsOptional()
  @IsString()
  @Matches(NAME_PATTERN, {
    message: '$property must be 1-100 characters without control characters',
  })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: PeopleSoftPatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PeopleSoftPatchDto)
  peoplesoft?: PeopleSoftPatchDto;

  @ApiPropertyOptional({ type: HubSpotPatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HubSpotPatchDto)
  hubspot?: HubSpotPatchDto;

  @ApiPropertyOptional({
    type: ScheduleDto,
    description: 'Replaces the schedule; the next run moves to its next slot',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule?: ScheduleDto;

  @ApiPropertyOptional({
    type: ScheduleDto,
    nullable: true,
    description:
      'Replaces the full-sync schedule (the next full sync moves to its next slot); null turns ' +
      'scheduled full syncs off',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleDto)
  fullSyncSchedule?: ScheduleDto | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Replaces the mapping document; a bad one answers 400 with `issues`',
  })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['set-status', 'archive'] })
  @IsOptional()
  @IsIn(['set-status', 'archive'])
  terminatedPolicy?: 'set-status' | 'archive';
}

/** The DTO as the connections library takes it (class instances turned into plain data). */
export function toConnectionPatch(dto: PatchConnectionDto): ConnectionPatch {
  const { peoplesoft, hubspot, schedule, fullSyncSchedule, ...rest } = dto;
  let ps: ConnectionPatch['peoplesoft'];
  if (peoplesoft) {
    const { auth, sources, ...settings } = peoplesoft;
    ps = {
      ...settings,
      ...(auth ? { auth: { ...auth } } : {}),
      ...(sources ? { sources: plainSources(sources) } : {}),
    };
  }
  return {
    ...rest,
    ...(ps ? { peoplesoft: ps } : {}),
    ...(hubspot ? { hubspot: { ...hubspot } } : {}),
    ...(schedule ? { schedule: { cron: schedule.cron, timezone: schedule.timezone } } : {}),
    ...(fullSyncSchedule !== undefined
      ? {
          fullSyncSchedule: fullSyncSchedule
            ? { cron: fullSyncSchedule.cron, timezone: fullSyncSchedule.timezone }
            : null,
        }
      : {}),
  };
}
