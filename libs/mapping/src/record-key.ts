import { quoteValue } from './describe-value';
import { readField } from './source-row';
import type { SourceRow } from './source-row';

export type KeyResult =
  | { readonly ok: true; readonly sourceId: string }
  | { readonly ok: false; readonly sourceId: null; readonly reasons: readonly string[] };

// Printable ASCII without space or ':' — ':' separates the parts of composite company ids, and
// anything outside ASCII in a PeopleSoft key is a data-entry accident.
const KEY_CHARACTERS = /^[\x21-\x39\x3B-\x7E]+$/;

export interface KeyPart {
  readonly field: string;
  /** The PeopleSoft column width: a longer value cannot be a real key. */
  readonly maxLength: number;
}

export function keyPartProblem(
  field: string,
  value: string,
  maxLength: number,
): string | undefined {
  if (value.length > maxLength) {
    return `${field} ${quoteValue(value)} is longer than the ${maxLength} characters PeopleSoft allows`;
  }
  if (!KEY_CHARACTERS.test(value)) {
    return `${field} ${quoteValue(value)} may only contain letters, digits and punctuation other than ':' (no spaces)`;
  }
  return undefined;
}

/**
 * Builds `prefix:part:part` (or the single part alone when prefix is empty). A bad key gives no
 * sourceId at all: callers store sourceIds, and a malformed one (NUL bytes, 10,000 characters)
 * must not become a stored identity; the reasons quote the value instead.
 */
export function readKey(row: SourceRow, prefix: string, parts: readonly KeyPart[]): KeyResult {
  let sourceId = prefix;
  let reasons: string[] | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const value = readField(row, part.field);
    const problem =
      value === '' ? `${part.field} is missing` : keyPartProblem(part.field, value, part.maxLength);
    if (problem !== undefined) (reasons ??= []).push(problem);
    sourceId = i === 0 && prefix === '' ? value : sourceId + ':' + value;
  }
  if (reasons !== undefined) return { ok: false, sourceId: null, reasons };
  return { ok: true, sourceId };
}
