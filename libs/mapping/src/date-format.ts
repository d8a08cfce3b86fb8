/** A calendar instant read from PeopleSoft; PeopleSoft timestamps carry no zone and count as UTC. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PEOPLESOFT_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.(\d{1,6}))?$/;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const US_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** Reads YYYY-MM-DD, PeopleSoft YYYY-MM-DD-HH.MM.SS.ffffff, ISO 8601 or MM/DD/YYYY. */
export function parseSourceDate(raw: string): DateParts | undefined {
  const value = raw.trim();
  let match = ISO_DATE.exec(value);
  if (match) return checked(+match[1], +match[2], +match[3], 0, 0, 0, 0, 0);
  match = PEOPLESOFT_TIMESTAMP.exec(value);
  if (match) {
    return checked(
      +match[1],
      +match[2],
      +match[3],
      +match[4],
      +match[5],
      +match[6],
      ms(match[7]),
      0,
    );
  }
  match = ISO_DATETIME.exec(value);
  if (match) {
    const second = match[6] === undefined ? 0 : +match[6];
    const offset = match[8] === undefined ? 0 : offsetMinutes(match[8]);
    if (offset === undefined) return undefined;
    return checked(
      +match[1],
      +match[2],
      +match[3],
      +match[4],
      +match[5],
      second,
      ms(match[7]),
      offset,
    );
  }
  match = US_DATE.exec(value);
  if (match) return checked(+match[3], +match[1], +match[2], 0, 0, 0, 0, 0);
  return undefined;
}

function ms(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Math.floor(Number('0.' + fraction) * 1000);
}

function offsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = +digits.slice(0, 2);
  const minutes = +digits.slice(2);
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function checked(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  offset: number,
): DateParts | undefined {
  // Years before 1000 are keying errors in PeopleSoft, and Date.UTC misreads years below 100.
  if (year < 1000 || month < 1 || month > 12 || day < 1) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
  // Date.UTC rolls 2026-02-30 over into March; a roll-over means the day does not exist.
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return undefined;
  if (offset === 0) return { year, month, day, hour, minute, second, millisecond };
  const shifted = new Date(utc.getTime() - offset * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

export type DateFormatter = (parts: DateParts) => string;

/** Named formats HubSpot date and datetime properties accept. */
export const NAMED_DATE_FORMATS = ['epoch-ms', 'epoch-ms-midnight', 'iso-datetime'] as const;
const PATTERN_TOKEN = /YYYY|MM|DD|HH|mm|ss/g;
const PATTERN_LITERALS = /^[-/.:, T]*$/;

/**
 * Compiles a format once: a named format, or a pattern of YYYY MM DD HH mm ss tokens separated
 * by - / . : , space or T. Returns undefined for anything else, so no format string is ever
 * interpreted beyond those tokens.
 */
export function compileDateFormat(format: string): DateFormatter | undefined {
  if (format === 'epoch-ms') return (p) => String(epochMs(p));
  // HubSpot date (not datetime) properties want midnight UTC of the day.
  if (format === 'epoch-ms-midnight') {
    return (p) => String(Date.UTC(p.year, p.month - 1, p.day));
  }
  if (format === 'iso-datetime') return (p) => new Date(epochMs(p)).toISOString();
  const literals = format.split(PATTERN_TOKEN);
  const tokens = format.match(PATTERN_TOKEN) ?? [];
  if (tokens.length === 0 || !literals.every((literal) => PATTERN_LITERALS.test(literal))) {
    return undefined;
  }
  return (p) => {
    let out = literals[0];
    for (let i = 0; i < tokens.length; i++) out += tokenValue(tokens[i], p) + literals[i + 1];
    return out;
  };
}

function epochMs(p: DateParts): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
}

function tokenValue(token: string, p: DateParts): string {
  switch (token) {
    case 'YYYY':
      return String(p.year).padStart(4, '0');
    case 'MM':
      return String(p.month).padStart(2, '0');
    case 'DD':
      return String(p.day).padStart(2, '0');
    case 'HH':
      return String(p.hour).padStart(2, '0');
    case 'mm':
      return String(p.minute).padStart(2, '0');
    default:
      return String(p.second).padStart(2, '0');
  }
}
