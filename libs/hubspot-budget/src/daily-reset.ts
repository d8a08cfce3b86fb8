/**
 * HubSpot's daily limit resets at midnight in the portal's time zone (REFERENCE.md), not UTC:
 * a portal in US/Eastern that runs dry at 20:00 UTC writes again at 05:00 UTC, not 00:00.
 */
export function nextMidnightIn(timeZone: string, now: Date): Date {
  const today = wallDate(timeZone, now);
  const guess = Date.UTC(today.year, today.month - 1, today.day + 1);
  // Two passes settle days when the offset itself changes at midnight (DST in some zones).
  let instant = guess - offsetMs(timeZone, guess);
  instant = guess - offsetMs(timeZone, instant);
  return new Date(instant);
}

/** "2026-11-29 00:00 US/Eastern": what a paused run tells the operator. */
export function describeLocalTime(timeZone: string, instant: Date): string {
  const parts = partsOf(timeZone, instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)} ${timeZone}`;
}

function wallDate(timeZone: string, instant: Date) {
  const { year, month, day } = partsOf(timeZone, instant);
  return { year, month, day };
}

/** Local wall-clock time minus UTC, in ms, at `instant`. */
function offsetMs(timeZone: string, instant: number): number {
  const p = partsOf(timeZone, new Date(instant));
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function partsOf(timeZone: string, instant: Date) {
  const formatted = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(formatted.find((part) => part.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}
