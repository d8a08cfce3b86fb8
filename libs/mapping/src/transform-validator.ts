import { compileDateFormat, NAMED_DATE_FORMATS } from './date-format';
import {
  checkKeys,
  checkOptionalBoolean,
  checkSourceField,
  checkText,
  describeType,
  isPlainObject,
} from './document-checks';
import { quoteValue } from './describe-value';
import { HUBSPOT_TEXT_MAX_LENGTH } from './hubspot-limits';
import { pointer } from './json-pointer';
import type { IssueList } from './json-pointer';
import type { TransformOp, TransformSpec } from './mapping-document';
import { normalizeRegion } from './phone';

// Transforms that may be written as a bare name; phone then reads in the connection's region.
const PARAMETERLESS: readonly TransformOp[] = [
  'trim',
  'lower',
  'upper',
  'title',
  'country',
  'phone',
];
const KEYS: Readonly<Record<TransformOp, readonly string[]>> = {
  trim: ['op'],
  lower: ['op'],
  upper: ['op'],
  title: ['op'],
  country: ['op'],
  default: ['op', 'value', 'field'],
  lookup: ['op', 'table', 'caseInsensitive', 'otherwise'],
  concat: ['op', 'fields', 'separator', 'distinct'],
  date: ['op', 'format'],
  phone: ['op', 'region', 'regionField', 'extension'],
  truncate: ['op', 'length'],
};
export const TRANSFORM_OPS = Object.keys(KEYS) as TransformOp[];
const MAX_LOOKUP_ENTRIES = 10_000;
const MAX_CONCAT_FIELDS = 20;
const MAX_SEPARATOR_LENGTH = 10;

function isTransformOp(value: string): value is TransformOp {
  return (TRANSFORM_OPS as readonly string[]).includes(value);
}

/**
 * Checks one transform entry: a bare name ("trim") for transforms without parameters, or an
 * object with `op` and that transform's parameters. Returns the normalised spec, or undefined
 * after adding issues under `path`.
 */
export function validateTransform(
  raw: unknown,
  path: string,
  issues: IssueList,
): TransformSpec | undefined {
  if (typeof raw === 'string') {
    if (!isTransformOp(raw)) {
      issues.add(path, `unknown transform ${quoteValue(raw)} (known: ${TRANSFORM_OPS.join(', ')})`);
      return undefined;
    }
    if (!PARAMETERLESS.includes(raw)) {
      issues.add(path, `transform '${raw}' needs parameters: write it as { "op": "${raw}", ... }`);
      return undefined;
    }
    return validateParameters(raw, { op: raw }, path, issues);
  }
  if (!isPlainObject(raw)) {
    issues.add(path, `a transform must be a name or an object with 'op', not ${describeType(raw)}`);
    return undefined;
  }
  const op = raw.op;
  if (typeof op !== 'string') {
    issues.add(pointer(path, 'op'), `transform is missing its 'op'`);
    return undefined;
  }
  if (!isTransformOp(op)) {
    issues.add(
      pointer(path, 'op'),
      `unknown transform ${quoteValue(op)} (known: ${TRANSFORM_OPS.join(', ')})`,
    );
    return undefined;
  }
  const before = issues.count;
  checkKeys(raw, KEYS[op], path, issues, `transform '${op}'`);
  const spec = validateParameters(op, raw, path, issues);
  return issues.count === before ? spec : undefined;
}

function validateParameters(
  op: TransformOp,
  raw: Record<string, unknown>,
  path: string,
  issues: IssueList,
): TransformSpec | undefined {
  switch (op) {
    case 'trim':
    case 'lower':
    case 'upper':
    case 'title':
    case 'country':
      return { op };
    case 'default':
      return validateDefault(raw, path, issues);
    case 'lookup':
      return validateLookup(raw, path, issues);
    case 'concat':
      return validateConcat(raw, path, issues);
    case 'date':
      return validateDate(raw, path, issues);
    case 'phone':
      return validatePhone(raw, path, issues);
    case 'truncate':
      return validateTruncate(raw, path, issues);
  }
}

function validateDefault(raw: Record<string, unknown>, path: string, issues: IssueList) {
  const hasValue = raw.value !== undefined;
  const hasField = raw.field !== undefined;
  if (hasValue === hasField) {
    issues.add(path, `'default' needs exactly one of 'value' or 'field'`);
    return undefined;
  }
  if (hasField) {
    const field = checkSourceField(raw.field, pointer(path, 'field'), issues);
    return field === undefined ? undefined : ({ op: 'default', field } as const);
  }
  const value = checkText(raw.value, pointer(path, 'value'), issues, true);
  return value === undefined ? undefined : ({ op: 'default', value } as const);
}

function validateLookup(raw: Record<string, unknown>, path: string, issues: IssueList) {
  const caseInsensitive = checkOptionalBoolean(
    raw.caseInsensitive,
    pointer(path, 'caseInsensitive'),
    issues,
  );
  const otherwise =
    raw.otherwise === undefined
      ? undefined
      : checkText(raw.otherwise, pointer(path, 'otherwise'), issues, false);
  const tablePath = pointer(path, 'table');
  if (!isPlainObject(raw.table)) {
    issues.add(
      tablePath,
      `must be an object of "from": "to" strings, not ${describeType(raw.table)}`,
    );
    return undefined;
  }
  const entries = Object.entries(raw.table);
  if (entries.length === 0 || entries.length > MAX_LOOKUP_ENTRIES) {
    issues.add(tablePath, `must have between 1 and ${MAX_LOOKUP_ENTRIES} entries`);
    return undefined;
  }
  // No prototype: a PeopleSoft value such as "__proto__" is an ordinary key here.
  const table: Record<string, string> = Object.create(null) as Record<string, string>;
  const seen = new Map<string, string>();
  for (const [from, to] of entries) {
    const entryPath = pointer(tablePath, from);
    const value = checkText(to, entryPath, issues, false);
    if (value === undefined) continue;
    const key = caseInsensitive === true ? from.toLowerCase() : from;
    const previous = seen.get(key);
    if (previous !== undefined && previous !== value) {
      issues.add(entryPath, 'clashes with another key that differs only in case');
      continue;
    }
    seen.set(key, value);
    table[from] = value;
  }
  return {
    op: 'lookup' as const,
    table,
    ...(caseInsensitive === undefined ? {} : { caseInsensitive }),
    ...(otherwise === undefined ? {} : { otherwise }),
  };
}

function validateConcat(raw: Record<string, unknown>, path: string, issues: IssueList) {
  const distinct = checkOptionalBoolean(raw.distinct, pointer(path, 'distinct'), issues);
  let separator = ' ';
  if (raw.separator !== undefined) {
    const checked = checkText(raw.separator, pointer(path, 'separator'), issues, false);
    if (checked !== undefined && checked.length > MAX_SEPARATOR_LENGTH) {
      issues.add(pointer(path, 'separator'), `must be at most ${MAX_SEPARATOR_LENGTH} characters`);
    } else if (checked !== undefined) {
      separator = checked;
    }
  }
  const fieldsPath = pointer(path, 'fields');
  if (
    !Array.isArray(raw.fields) ||
    raw.fields.length === 0 ||
    raw.fields.length > MAX_CONCAT_FIELDS
  ) {
    issues.add(fieldsPath, `must be a list of 1 to ${MAX_CONCAT_FIELDS} PeopleSoft field names`);
    return undefined;
  }
  const fields: string[] = [];
  raw.fields.forEach((field: unknown, index: number) => {
    const name = checkSourceField(field, pointer(fieldsPath, index), issues);
    if (name !== undefined) fields.push(name);
  });
  return {
    op: 'concat' as const,
    fields,
    separator,
    ...(distinct === undefined ? {} : { distinct }),
  };
}

function validateDate(raw: Record<string, unknown>, path: string, issues: IssueList) {
  if (typeof raw.format !== 'string' || compileDateFormat(raw.format) === undefined) {
    issues.add(
      pointer(path, 'format'),
      `must be ${NAMED_DATE_FORMATS.join(', ')} or a pattern of YYYY MM DD HH mm ss ` +
        `separated by - / . : , space or T`,
    );
    return undefined;
  }
  return { op: 'date' as const, format: raw.format };
}

function validatePhone(raw: Record<string, unknown>, path: string, issues: IssueList) {
  const spec: {
    op: 'phone';
    region?: string;
    regionField?: string;
    extension?: 'drop' | 'append';
  } = {
    op: 'phone',
  };
  if (raw.region !== undefined) {
    const region = typeof raw.region === 'string' ? normalizeRegion(raw.region) : undefined;
    if (region === undefined) {
      issues.add(
        pointer(path, 'region'),
        `${JSON.stringify(raw.region)} is not a supported ISO 3166 alpha-2 region`,
      );
    } else {
      spec.region = region;
    }
  }
  if (raw.regionField !== undefined) {
    const field = checkSourceField(raw.regionField, pointer(path, 'regionField'), issues);
    if (field !== undefined) spec.regionField = field;
  }
  if (raw.extension !== undefined) {
    if (raw.extension !== 'drop' && raw.extension !== 'append') {
      issues.add(pointer(path, 'extension'), `must be 'drop' or 'append'`);
    } else {
      spec.extension = raw.extension;
    }
  }
  return spec;
}

function validateTruncate(raw: Record<string, unknown>, path: string, issues: IssueList) {
  const length = raw.length;
  if (
    typeof length !== 'number' ||
    !Number.isInteger(length) ||
    length < 1 ||
    length > HUBSPOT_TEXT_MAX_LENGTH
  ) {
    issues.add(
      pointer(path, 'length'),
      `must be a whole number from 1 to ${HUBSPOT_TEXT_MAX_LENGTH}`,
    );
    return undefined;
  }
  return { op: 'truncate' as const, length };
}
