import { ApiProperty } from '@nestjs/swagger';

export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** Time the check's requests took; null when skipped. */
  readonly latencyMs: number | null;
  readonly detail: string;
  /** What to change when the check failed; null when nothing is to be done. */
  readonly hint: string | null;
}

export interface HubSpotAccount {
  readonly portalId: number;
  readonly timeZone: string;
  readonly dataHostingLocation: string;
  readonly uiDomain: string;
}

export interface ConnectionTestReport {
  readonly ok: boolean;
  readonly testedAt: string;
  readonly checks: CheckResult[];
  readonly hubspotAccount: HubSpotAccount | null;
}

export class CheckResultDto {
  @ApiProperty({ example: 'peoplesoft.source.employee' })
  name!: string;

  @ApiProperty({ enum: ['ok', 'failed', 'skipped'], example: 'ok' })
  status!: CheckStatus;

  @ApiProperty({ type: Number, nullable: true, example: 84 })
  latencyMs!: number | null;

  @ApiProperty({ example: 'query ML_EMPLOYEES answered (0 rows changed in the last 5 minutes)' })
  detail!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  hint!: string | null;
}

export class HubSpotAccountDto {
  @ApiProperty({ example: 24681357 })
  portalId!: number;

  @ApiProperty({ example: 'US/Eastern' })
  timeZone!: string;

  @ApiProperty({ example: 'na1' })
  dataHostingLocation!: string;

  @ApiProperty({ example: 'app.hubspot.com' })
  uiDomain!: string;
}

export class ConnectionTestReportDto {
  @ApiProperty({ description: 'True when no check failed', example: true })
  ok!: boolean;

  @ApiProperty({ format: 'date-time' })
  testedAt!: string;

  @ApiProperty({ type: [CheckResultDto] })
  checks!: CheckResultDto[];

  @ApiProperty({ type: HubSpotAccountDto, nullable: true })
  hubspotAccount!: HubSpotAccountDto | null;
}

/** Runs `probe` and measures it; the caller turns the outcome into a CheckResult. */
export async function timed<T>(
  probe: () => Promise<T>,
): Promise<{ ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await probe();
    return { ok: true, value, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error, ms: Math.round(performance.now() - started) };
  }
}

export const skipped = (name: string, detail: string): CheckResult => ({
  name,
  status: 'skipped',
  latencyMs: null,
  detail,
  hint: null,
});
