export interface AccountSettings {
  portalId: number;
  timeZone: string;
  uiDomain: string;
  dataHostingLocation: string;
}

/** The body of `GET /account-info/{version}/details`. */
export function accountDetailsJson(account: AccountSettings, now: number): Record<string, unknown> {
  const offsetMs = timeZoneOffsetMs(account.timeZone, now);
  return {
    portalId: account.portalId,
    accountType: 'STANDARD',
    timeZone: account.timeZone,
    companyCurrency: 'USD',
    additionalCurrencies: [],
    utcOffset: formatOffset(offsetMs),
    utcOffsetMilliseconds: offsetMs,
    uiDomain: account.uiDomain,
    dataHostingLocation: account.dataHostingLocation,
  };
}

function timeZoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return local - (at - (at % 1000));
}

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMs) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
