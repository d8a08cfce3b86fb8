import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';

export interface ParsedPhone {
  /** +<country code><national number>, no separators. */
  readonly e164: string;
  /** Digits after "x", "ext." or "#", when the source carried an extension. */
  readonly extension?: string;
}

export function isSupportedRegion(region: string): region is CountryCode {
  return isSupportedCountry(region);
}

/** Accepts 'us' or ' US ' as well as 'US': settings are typed by people. */
export function normalizeRegion(region: string): CountryCode | undefined {
  const upper = region.trim().toUpperCase();
  return isSupportedRegion(upper) ? upper : undefined;
}

/**
 * Longer input is not a phone number (PeopleSoft's PHONE is 24 wide, libphonenumber gives up at
 * 250); refusing it early also keeps the extension regex from scanning pathological input.
 */
export const PHONE_INPUT_MAX_LENGTH = 64;

/**
 * Parses a free-form phone number to E.164, reading national numbers in `region`.
 * Accepts a number when its length is possible for its country: the sync normalises format and
 * does not police whether a number is assigned (555 numbers in test data stay usable).
 * libphonenumber costs several microseconds per call, so plain 10-digit NANP numbers take a
 * verified shortcut and everything else is memoised (rows repeat across overlapping polls).
 */
export function parsePhone(raw: string, region: CountryCode): ParsedPhone | undefined {
  if (raw.length > PHONE_INPUT_MAX_LENGTH) return undefined;
  const fast = parseNanpShortcut(raw, region);
  if (fast !== undefined) return fast;
  const key = region + '\u0000' + raw;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const parsed = parseWithLibrary(raw, region);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed ?? null);
  return parsed;
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, ParsedPhone | null>();

/** The slow, general path; exported so tests can hold the shortcut to the same answers. */
export function parseWithLibrary(raw: string, region: CountryCode): ParsedPhone | undefined {
  let phone: ReturnType<typeof parsePhoneNumberFromString>;
  try {
    phone = parsePhoneNumberFromString(raw, region);
  } catch {
    // The library documents no throws for this entry point; a bad number must still never
    // take the whole record (or the poll) down with it.
    return undefined;
  }
  if (phone === undefined || !phone.isPossible()) return undefined;
  return phone.ext ? { e164: phone.number, extension: phone.ext } : { e164: phone.number };
}

const NANP_SHORTCUT_REGIONS = new Set<string>(['US', 'CA']);
// The shapes of libphonenumber's "x"/"ext" extension syntax that office phone lists use.
const EXTENSION_SUFFIX = /[ \t,]*(?:ext|x)[.:]?[ \t,-]*(\d{1,9})$/i;

/**
 * Digits separated only by spaces, parentheses, hyphens and dots, optionally followed by an
 * "x"/"ext." extension: either "+1" and ten digits or, for a US/Canadian default region, ten
 * digits. The area code must not start with 0 or 1 so no national-prefix stripping can apply.
 * A property test checks that it agrees with libphonenumber wherever it answers.
 */
export function parseNanpShortcut(raw: string, region: string): ParsedPhone | undefined {
  const suffix = EXTENSION_SUFFIX.exec(raw);
  const e164 = nanpNumber(suffix === null ? raw : raw.slice(0, suffix.index), region);
  if (e164 === undefined) return undefined;
  return suffix === null ? { e164 } : { e164, extension: suffix[1] };
}

function nanpNumber(raw: string, region: string): string | undefined {
  let digits = '';
  let plus = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += raw[i];
    else if (code === 43 && i === 0) plus = true;
    else if (code !== 32 && code !== 40 && code !== 41 && code !== 45 && code !== 46)
      return undefined;
    if (digits.length > 11) return undefined;
  }
  if (plus) {
    return digits.length === 11 && digits[0] === '1' && digits[1] >= '2' ? '+' + digits : undefined;
  }
  if (!NANP_SHORTCUT_REGIONS.has(region)) return undefined;
  return digits.length === 10 && digits[0] >= '2' ? '+1' + digits : undefined;
}
