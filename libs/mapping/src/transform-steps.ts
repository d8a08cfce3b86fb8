import type { CountryCode } from 'libphonenumber-js/min';
import { countryNameFromAlpha3, regionFromAlpha3 } from './country';
import { compileDateFormat, parseSourceDate } from './date-format';
import { quoteValue } from './describe-value';
import type { TransformSpec } from './mapping-document';
import { isSupportedRegion, normalizeRegion, parsePhone } from './phone';
import { readField } from './source-row';
import type { SourceRow } from './source-row';
import { toLower, toTitleCase, toUpper } from './text-case';
import { truncateText } from './truncate';

/**
 * Per-record state shared by the steps of one property. A step that cannot produce a value sets
 * `invalid` to a sentence for the clerk and returns ''; the rule's onInvalid policy decides.
 */
export interface StepContext {
  row: SourceRow;
  invalid: string | undefined;
  notes: string[];
}

export type TransformStep = (value: string, context: StepContext) => string;

export interface StepOptions {
  readonly defaultRegion: CountryCode;
  /** Names the value in messages: the PeopleSoft field, or the target property. */
  readonly label: string;
}

/** Turns a validated spec into a closure; all parameter work happens here, once. */
export function compileTransform(spec: TransformSpec, options: StepOptions): TransformStep {
  const { label } = options;
  switch (spec.op) {
    case 'trim':
      return (value) => value.trim();
    case 'lower':
      return toLower;
    case 'upper':
      return toUpper;
    case 'title':
      return toTitleCase;
    case 'country':
      return (value, context) => {
        if (value === '') return '';
        const name = countryNameFromAlpha3(value);
        if (name === undefined)
          context.invalid = `${label} ${quoteValue(value)} is not a known ISO 3166 country code`;
        return name ?? '';
      };
    case 'default': {
      const { field, value: fallback } = spec;
      if (field !== undefined)
        return (value, context) => (value === '' ? readField(context.row, field) : value);
      return (value) => (value === '' ? (fallback ?? '') : value);
    }
    case 'lookup':
      return compileLookup(spec.table, spec.caseInsensitive === true, spec.otherwise);
    case 'concat':
      return compileConcat(spec.fields, spec.separator, spec.distinct === true);
    case 'date': {
      const format = compileDateFormat(spec.format);
      if (format === undefined) throw new Error(`unvalidated date format '${spec.format}'`);
      return (value, context) => {
        if (value === '') return '';
        const parts = parseSourceDate(value);
        if (parts === undefined)
          context.invalid = `${label} ${quoteValue(value)} is not a valid date`;
        return parts === undefined ? '' : format(parts);
      };
    }
    case 'phone':
      return compilePhone(spec, options);
    case 'truncate': {
      const { length } = spec;
      return (value, context) => {
        if (value.length <= length) return value;
        context.notes.push(`${label} was cut to ${length} characters`);
        return truncateText(value, length);
      };
    }
  }
}

function compileLookup(
  table: Readonly<Record<string, string>>,
  caseInsensitive: boolean,
  otherwise: string | undefined,
): TransformStep {
  // A Map, not the object: a source value such as "__proto__" or "constructor" must not hit
  // Object.prototype.
  const map = new Map<string, string>();
  for (const [from, to] of Object.entries(table))
    map.set(caseInsensitive ? from.toLowerCase() : from, to);
  return (value) => {
    const found = map.get(caseInsensitive ? value.toLowerCase() : value);
    if (found !== undefined) return found;
    return otherwise ?? value;
  };
}

function compileConcat(
  fields: readonly string[],
  separator: string,
  distinct: boolean,
): TransformStep {
  return (value, context) => {
    let out = value;
    let seen: string[] | undefined = distinct && value !== '' ? [value.toLowerCase()] : undefined;
    for (const field of fields) {
      const part = readField(context.row, field);
      if (part === '') continue;
      if (distinct) {
        const folded = part.toLowerCase();
        if (seen?.includes(folded)) continue;
        (seen ??= []).push(folded);
      }
      out = out === '' ? part : out + separator + part;
    }
    return out;
  };
}

function compilePhone(
  spec: Extract<TransformSpec, { op: 'phone' }>,
  options: StepOptions,
): TransformStep {
  const { label, defaultRegion } = options;
  const fixedRegion =
    (spec.region === undefined ? undefined : normalizeRegion(spec.region)) ?? defaultRegion;
  const { regionField } = spec;
  const append = spec.extension === 'append';
  return (value, context) => {
    if (value === '') return '';
    let region = fixedRegion;
    if (regionField !== undefined) {
      const fromRow = regionFromAlpha3(readField(context.row, regionField));
      if (fromRow !== undefined && isSupportedRegion(fromRow)) region = fromRow;
    }
    const phone = parsePhone(value, region);
    if (phone === undefined) {
      context.invalid = `${label} ${quoteValue(value)} is not a valid phone number for ${region}`;
      return '';
    }
    if (phone.extension === undefined) return phone.e164;
    if (append) return `${phone.e164} ext. ${phone.extension}`;
    context.notes.push(
      `${label} extension ${phone.extension} was left out: E.164 has no extensions`,
    );
    return phone.e164;
  };
}
