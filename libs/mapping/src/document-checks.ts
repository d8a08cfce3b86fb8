/** Small structural checks shared by the mapping-document validators. */
import { quoteValue } from './describe-value';
import { HUBSPOT_TEXT_MAX_LENGTH } from './hubspot-limits';
import { pointer } from './json-pointer';
import type { IssueList } from './json-pointer';
import { textProblem } from './text-checks';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Reports keys outside `allowed`; typos in a mapping must not be silently ignored. */
export function checkKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  issues: IssueList,
  what: string,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      issues.add(pointer(path, key), `unknown key in ${what} (allowed: ${allowed.join(', ')})`);
    }
  }
}

/** PeopleSoft field names as the client hands them over: bare record fields or query headings. */
export const SOURCE_FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function checkSourceField(
  value: unknown,
  path: string,
  issues: IssueList,
): string | undefined {
  if (typeof value !== 'string' || !SOURCE_FIELD_PATTERN.test(value)) {
    const shown = typeof value === 'string' ? quoteValue(value) : describeType(value);
    issues.add(path, `${shown} is not a PeopleSoft field name (letters, digits, underscores)`);
    return undefined;
  }
  return value;
}

/** Text the document puts into HubSpot (constants, lookup results) meets the same rules as data. */
export function checkText(
  value: unknown,
  path: string,
  issues: IssueList,
  nonEmpty: boolean,
): string | undefined {
  if (typeof value !== 'string') {
    issues.add(path, `must be a string, not ${describeType(value)}`);
    return undefined;
  }
  if (value.length > HUBSPOT_TEXT_MAX_LENGTH) {
    issues.add(path, `is longer than HubSpot's ${HUBSPOT_TEXT_MAX_LENGTH} characters`);
    return undefined;
  }
  const problem = textProblem(value);
  if (problem !== undefined) {
    issues.add(path, problem);
    return undefined;
  }
  if (nonEmpty && value.trim() === '') {
    issues.add(path, 'must not be empty');
    return undefined;
  }
  return value;
}

export function checkOptionalBoolean(
  value: unknown,
  path: string,
  issues: IssueList,
): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  issues.add(path, 'must be true or false');
  return undefined;
}
