import type { CompiledRule } from './compiled-rule';
import { appendEntry, entryKey, hashCanonical } from './content-hash';
import { parseSourceDate } from './date-format';
import { quoteValue } from './describe-value';
import type { EntitySpec } from './entity-specs';
import { ID_PROPERTY } from './hubspot-limits';
import { mapRule } from './map-rule';
import type { Lifecycle, MappingResult, RecordMapper } from './mapping-result';
import { readKey } from './record-key';
import { readField } from './source-row';
import type { SourceRow } from './source-row';
import { canonicalSourceTimestamp } from './source-timestamp';
import { describeStatusCodes } from './status-codes';
import type { StepContext } from './transform-steps';

const SOURCE_UPDATED_FIELD = 'LASTUPDDTTM';

const EFFECTIVE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why `value` cannot be a row's effective date, or null when it is a real YYYY-MM-DD date. */
function effectiveDateProblem(field: string, value: string): string | null {
  if (value === '') return `${field} is missing`;
  if (!EFFECTIVE_DATE.test(value) || parseSourceDate(value) === undefined) {
    return `${field} ${quoteValue(value)} is not a date (YYYY-MM-DD)`;
  }
  return null;
}

/** `rules` must be sorted by target: the properties object is then built in hash order. */
export function buildMapper(spec: EntitySpec, rules: readonly CompiledRule[]): RecordMapper {
  const { entity } = spec;
  const lifecycleByCode = new Map<string, Lifecycle>(
    spec.statuses.map((status) => [status.code, status.lifecycle]),
  );
  const statusList = describeStatusCodes(spec.statuses);
  const idPosition = [ID_PROPERTY, ...rules.map((rule) => rule.target)].sort().indexOf(ID_PROPERTY);
  const idKey = entryKey(ID_PROPERTY);
  const keys = rules.map((rule) => entryKey(rule.target));

  const map = (row: SourceRow): MappingResult => {
    const reasons: string[] = [];
    const key = readKey(row, spec.keyPrefix, spec.keyParts);
    if (!key.ok) reasons.push(...key.reasons);

    const statusCode = readField(row, spec.statusField).toUpperCase();
    const lifecycle = lifecycleByCode.get(statusCode);
    if (statusCode === '') reasons.push(`${spec.statusField} is missing`);
    else if (lifecycle === undefined) {
      reasons.push(
        `${spec.statusField} ${quoteValue(statusCode)} is not a known ${spec.statusNoun} (${statusList})`,
      );
    }

    if (spec.effectiveDateField) {
      const reason = effectiveDateProblem(
        spec.effectiveDateField,
        readField(row, spec.effectiveDateField),
      );
      if (reason) reasons.push(reason);
    }

    const rawUpdatedAt = readField(row, SOURCE_UPDATED_FIELD);
    const sourceUpdatedAt = canonicalSourceTimestamp(rawUpdatedAt);
    if (rawUpdatedAt === '') reasons.push(`${SOURCE_UPDATED_FIELD} is missing`);
    else if (sourceUpdatedAt === undefined) {
      reasons.push(`${SOURCE_UPDATED_FIELD} ${quoteValue(rawUpdatedAt)} is not a valid timestamp`);
    }

    const properties: Record<string, string> = {};
    // The hashed text grows with the properties, which arrive in sorted order.
    let canonical = '';
    const context: StepContext = { row, invalid: undefined, notes: [] };
    for (let i = 0; i < rules.length; i++) {
      // Insert the id at its sorted place so the object's key order is the hash order.
      if (i === idPosition && key.ok) {
        properties[ID_PROPERTY] = key.sourceId;
        canonical = appendEntry(canonical, idKey, key.sourceId);
      }
      const value = mapRule(rules[i], context, reasons, lifecycle === undefined);
      if (value !== '') {
        properties[rules[i].target] = value;
        canonical = appendEntry(canonical, keys[i], value);
      }
    }
    if (idPosition === rules.length && key.ok) {
      properties[ID_PROPERTY] = key.sourceId;
      canonical = appendEntry(canonical, idKey, key.sourceId);
    }

    if (!key.ok || lifecycle === undefined || sourceUpdatedAt === undefined || reasons.length > 0) {
      return { ok: false, entity, sourceId: key.ok ? key.sourceId : null, reasons };
    }
    return {
      ok: true,
      entity,
      sourceId: key.sourceId,
      idProperty: ID_PROPERTY,
      idValue: key.sourceId,
      objectType: spec.objectType,
      lifecycle,
      sourceUpdatedAt,
      properties,
      contentHash: hashCanonical(canonical),
      notes: context.notes,
    };
  };

  // The poller maps rows inside a loop that must survive any one row: whatever slips past the
  // checks above becomes a rejection with a reason instead of an exception.
  return (row) => {
    try {
      return map(row);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        entity,
        sourceId: null,
        reasons: [`the row could not be mapped: ${quoteValue(message)}`],
      };
    }
  };
}
