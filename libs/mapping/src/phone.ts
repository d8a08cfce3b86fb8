import {
  Metadata,
  PhoneNumber,
  getCountryCallingCode,
  parsePhoneNumberFromString as parseWithMetadata,
  type E164Number,
  type MetadataJson,
  type NumberingPlan,
} from 'libphonenumber-js/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';
import minMetadata from 'libphonenumber-js/min/metadata';

// The object libphonenumber-js/min itself parses with (TypeScript reads the JSON's literal type).
const metadata = minMetadata as unknown as MetadataJson;

export interface ParsedPhone {
  /** +<country code><national number>, no separators. */
  readonly e164: string;
  /** Digits after "x", "ext." or "#", when the source carried an extension. */
  readonly extension?: string;
}

export function isSupportedRegion(region: string): region is CountryCode {
  // What isSupportedCountry() answers, without the argument copying of its wrapper: the phone
  // transform asks this for every row that has a country.
  return Object.hasOwn(metadata.countries, region);
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
 * verified shortcut, everything else is memoised (rows repeat across overlapping polls), and a
 * miss skips the library's costliest step when that cannot change the answer (see below).
 */
export function parsePhone(raw: string, region: CountryCode): ParsedPhone | undefined {
  if (raw.length > PHONE_INPUT_MAX_LENGTH) return undefined;
  const fast = parseNanpShortcut(raw, region);
  if (fast !== undefined) return fast;
  const key = region + '\u0000' + raw;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Least recently used goes first: a Map iterates in insertion order, so re-insert on a hit.
    cache.delete(key);
    cache.set(key, cached);
    return cached ?? undefined;
  }
  const quick = parseWithoutCountryChoice(raw, region);
  const parsed = quick === UNDECIDED ? parseWithLibrary(raw, region) : quick;
  // A run of one-off numbers pushes out only the coldest entries, not the numbers that recur.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
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

/*
 * Most of a libphonenumber parse goes into choosing which country of a shared calling code a
 * number belongs to (+1: 25 countries; +44: GB, GG, IM, JE), by trying every number-type pattern
 * of each, and for a unique national number no memo can help. The parse consults the chosen
 * country for one thing only: its possible national number lengths, when deciding whether to
 * strip a national prefix and whether the number is possible. So the number is first parsed on
 * the same metadata with each calling code listing only its main country, which makes the choice
 * instant, and that answer is kept when the choice provably cannot change it:
 * - all countries of the calling code have the same possible lengths (+7, +39, +47, ...), or
 * - no national prefix, international prefix or calling code could be stripped from the number
 *   (so the lengths are consulted once, for the final number) and every country of the calling
 *   code gives the same verdict for that length: a 10-digit UK number is possible in GB, GG, IM
 *   and JE alike.
 * Anything else (a failed parse, an unusual shape, Canada's 7-digit numbers) goes to the full
 * parse.
 */
const MAIN_COUNTRY_ONLY: MetadataJson = {
  ...metadata,
  country_calling_codes: Object.fromEntries(
    Object.entries(metadata.country_calling_codes).map(([code, countries]) => [
      code,
      countries.slice(0, 1),
    ]),
  ),
};
const UNDECIDED = Symbol('undecided');

/** What the parse may strip from a number, read in one country's numbering plan. */
interface PlanPrefixes {
  readonly callingCode: string;
  /** National prefix (and carrier code) for parsing, anchored; null when the plan has none. */
  readonly national: RegExp | null;
  readonly international: RegExp | null;
}

const plans = new Map<string, PlanPrefixes | null>();

/** null when this libphonenumber does not expose what is needed: then the full parse decides. */
function planPrefixes(country: string): PlanPrefixes | null {
  let known = plans.get(country);
  if (known === undefined) {
    known = null;
    const selected = new Metadata(metadata);
    selected.selectNumberingPlan(country as CountryCode);
    // Not in the typings, but the accessor the parse itself uses (libphonenumber-js is pinned).
    const plan = selected.numberingPlan as
      (NumberingPlan & { nationalPrefixForParsing?: () => string | undefined }) | undefined;
    if (plan && typeof plan.nationalPrefixForParsing === 'function') {
      const national = plan.nationalPrefixForParsing();
      const international = plan.IDDPrefix();
      known = {
        callingCode: getCountryCallingCode(country as CountryCode, metadata),
        national: national ? new RegExp(`^(?:${national})`) : null,
        international: international ? new RegExp(`^(?:${international})`) : null,
      };
    }
    plans.set(country, known);
  }
  return known;
}

/** Calling codes whose countries all have the same possible lengths (one country or more). */
const INTERCHANGEABLE = new Set(
  Object.entries(metadata.country_calling_codes)
    .filter(([, countries]) => {
      const lengths = countries.map((country) => {
        const selected = new Metadata(metadata);
        selected.selectNumberingPlan(country);
        return JSON.stringify(selected.numberingPlan?.possibleLengths() ?? null);
      });
      return new Set(lengths).size === 1;
    })
    .map(([code]) => code),
);

// Per calling code and national number length, for the shared calling codes.
const verdicts = new Map<string, boolean | null>();

/**
 * The quick parse described above, or UNDECIDED where only the full parse can answer; exported
 * so tests can hold it to parseWithLibrary.
 */
export function parseWithoutCountryChoice(
  raw: string,
  region: CountryCode,
): ParsedPhone | undefined | typeof UNDECIDED {
  let phone: ReturnType<typeof parseWithMetadata>;
  try {
    phone = parseWithMetadata(raw, region, MAIN_COUNTRY_ONLY);
  } catch {
    return UNDECIDED;
  }
  // Which calling code a failed parse was about is not known, so the full parse says why.
  if (phone === undefined) return UNDECIDED;
  const callingCode = phone.countryCallingCode;
  const regionCode = getCountryCallingCode(region, metadata);
  let possible: boolean;
  if (INTERCHANGEABLE.has(callingCode) && INTERCHANGEABLE.has(regionCode)) {
    possible = phone.isPossible();
  } else {
    const verdict = isOnlyFinalLengthConsulted(raw, region, phone)
      ? sharedVerdict(callingCode, phone.nationalNumber.length)
      : null;
    if (verdict === null) return UNDECIDED;
    possible = verdict;
  }
  if (!possible) return undefined;
  return phone.ext ? { e164: phone.number, extension: phone.ext } : { e164: phone.number };
}

/**
 * True when the full parse of `raw` would strip nothing from the number `phone` shows: its digits
 * are exactly the calling code (after a leading "+") or nothing, then the national number, then
 * the extension, and no national prefix, international prefix or own calling code matches.
 */
function isOnlyFinalLengthConsulted(
  raw: string,
  region: CountryCode,
  phone: NonNullable<ReturnType<typeof parseWithMetadata>>,
): boolean {
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    // Digits from other scripts count for the parser too: leave such input to it.
    if (code > 0x7f) return false;
    if (code >= 0x30 && code <= 0x39) digits += raw[i];
  }
  const national = phone.nationalNumber;
  const tail = national + (phone.ext ?? '');
  const callingCode = phone.countryCallingCode;
  let country: string | undefined;
  if (raw.trimStart().startsWith('+')) {
    if (digits !== callingCode + tail) return false;
    country = metadata.country_calling_codes[callingCode]?.[0];
  } else {
    if (raw.includes('+') || digits !== tail) return false;
    country = region;
  }
  const plan = country === undefined ? null : planPrefixes(country);
  if (plan === null || plan.callingCode !== callingCode) return false;
  if (plan.national?.test(national)) return false;
  if (country === region) {
    if (plan.international?.test(national) || national.startsWith(callingCode)) return false;
  }
  return true;
}

/**
 * Whether a national number of `length` digits is possible under a calling code, whichever of its
 * countries libphonenumber would choose; null when they disagree.
 */
function sharedVerdict(callingCode: string, length: number): boolean | null {
  const key = callingCode + ':' + length;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = null;
    try {
      const answers = new Set(
        (metadata.country_calling_codes[callingCode] ?? []).map((country) => {
          // isPossible() looks at the national number's length only, so any digits will do.
          const probe = new PhoneNumber(
            `+${callingCode}${'0'.repeat(length)}` as E164Number,
            metadata,
          );
          probe.country = country;
          return probe.isPossible();
        }),
      );
      if (answers.size === 1) verdict = answers.has(true);
    } catch {
      // Leave it undecided: the full parse answers.
    }
    verdicts.set(key, verdict);
  }
  return verdict;
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
  // Without "+1" the shortcut only reads numbers for a NANP region: say so before any scanning.
  if (raw.charCodeAt(0) !== 43 && !NANP_SHORTCUT_REGIONS.has(region)) return undefined;
  // Every extension suffix has an "x" ("x" or "ext"): most numbers need no regex at all.
  const suffix = raw.includes('x') || raw.includes('X') ? EXTENSION_SUFFIX.exec(raw) : null;
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
