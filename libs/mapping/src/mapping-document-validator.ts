import { quoteValue } from './describe-value';
import {
  checkKeys,
  checkSourceField,
  checkText,
  describeType,
  isPlainObject,
} from './document-checks';
import { ENTITY_SPECS } from './entity-specs';
import { PROPERTY_NAME_PATTERN } from './hubspot-limits';
import { formatIssue, IssueList, pointer } from './json-pointer';
import type { MappingIssue } from './json-pointer';
import type {
  EntityOverrides,
  FieldOverride,
  InvalidValuePolicy,
  MappingDocument,
  TransformSpec,
} from './mapping-document';
import { SOURCE_ENTITIES } from './mapping-result';
import type { SourceEntity } from './mapping-result';
import { resolveRules } from './rule-resolver';
import { cleanText } from './source-row';
import { validateTransform } from './transform-validator';

export type MappingDocumentValidation =
  | { readonly ok: true; readonly value: MappingDocument }
  | {
      readonly ok: false;
      /** One readable line per issue: `<JSON Pointer>: <message>`. */
      readonly errors: readonly string[];
      readonly issues: readonly MappingIssue[];
    };

const FIELD_KEYS = ['target', 'source', 'transforms', 'onInvalid', 'constant', 'drop', 'rename'];
const MAX_FIELDS = 200;
const MAX_TRANSFORMS = 20;

/**
 * Checks a connection's mapping document (parsed JSON) against the schema and against the default
 * mapping it modifies. Every issue carries the JSON Pointer of the entry it is about, e.g.
 * `/employee/fields/3/transforms/1/op: unknown transform "eval"`. Never throws.
 */
export function validateMappingDocument(doc: unknown): MappingDocumentValidation {
  const issues = new IssueList();
  if (!isPlainObject(doc)) {
    issues.add('', `must be an object, not ${describeType(doc)}`);
    return failed(issues);
  }
  checkKeys(doc, ['version', ...SOURCE_ENTITIES], '', issues, 'the mapping document');
  if (doc.version !== undefined && doc.version !== 1) {
    issues.add('/version', `only version 1 exists, got ${JSON.stringify(doc.version)}`);
  }
  const value: { [E in SourceEntity]?: EntityOverrides } = {};
  for (const entity of SOURCE_ENTITIES) {
    if (doc[entity] === undefined) continue;
    const overrides = validateEntity(entity, doc[entity], issues);
    if (overrides !== undefined) value[entity] = overrides;
  }
  return issues.count > 0 ? failed(issues) : { ok: true, value };
}

function failed(issues: IssueList): MappingDocumentValidation {
  return { ok: false, errors: issues.items.map(formatIssue), issues: issues.items };
}

function validateEntity(
  entity: SourceEntity,
  raw: unknown,
  issues: IssueList,
): EntityOverrides | undefined {
  const path = `/${entity}`;
  if (!isPlainObject(raw)) {
    issues.add(path, `must be an object with 'fields', not ${describeType(raw)}`);
    return undefined;
  }
  checkKeys(raw, ['fields'], path, issues, `the ${entity} mapping`);
  if (!Array.isArray(raw.fields) || raw.fields.length > MAX_FIELDS) {
    issues.add(pointer(path, 'fields'), `must be a list of at most ${MAX_FIELDS} entries`);
    return undefined;
  }
  const before = issues.count;
  const fields: FieldOverride[] = [];
  raw.fields.forEach((entry: unknown, index: number) => {
    const field = validateField(entry, pointer(pointer(path, 'fields'), index), issues);
    if (field !== undefined) fields.push(field);
  });
  if (issues.count > before) return undefined;
  // Entries only make sense against the defaults they modify (drop and rename need a target).
  resolveRules(ENTITY_SPECS[entity], fields, issues);
  return issues.count > before ? undefined : { fields };
}

function validateField(raw: unknown, path: string, issues: IssueList): FieldOverride | undefined {
  if (!isPlainObject(raw)) {
    issues.add(path, `must be an object with a 'target', not ${describeType(raw)}`);
    return undefined;
  }
  const before = issues.count;
  checkKeys(raw, FIELD_KEYS, path, issues, 'a field entry');
  const target = checkPropertyName(raw.target, pointer(path, 'target'), issues);
  const kinds = [
    raw.source !== undefined || raw.transforms !== undefined || raw.onInvalid !== undefined
      ? 'source/transforms'
      : undefined,
    raw.constant !== undefined ? 'constant' : undefined,
    raw.drop !== undefined ? 'drop' : undefined,
    raw.rename !== undefined ? 'rename' : undefined,
  ].filter((kind): kind is string => kind !== undefined);
  if (kinds.length !== 1) {
    issues.add(
      path,
      `give exactly one of 'source'/'transforms', 'constant', 'drop' or 'rename'` +
        (kinds.length > 1 ? ` (found ${kinds.join(' and ')})` : ''),
    );
    return undefined;
  }
  if (issues.count > before || target === undefined) return undefined;
  switch (kinds[0]) {
    case 'constant': {
      const value = checkText(raw.constant, pointer(path, 'constant'), issues, true);
      return value === undefined
        ? undefined
        : { kind: 'constant', target, value: cleanText(value) };
    }
    case 'drop':
      if (raw.drop !== true) {
        issues.add(pointer(path, 'drop'), 'must be true');
        return undefined;
      }
      return { kind: 'drop', target };
    case 'rename': {
      const to = checkPropertyName(raw.rename, pointer(path, 'rename'), issues);
      return to === undefined ? undefined : { kind: 'rename', target, to };
    }
    default:
      return validateMapEntry(raw, target, path, issues);
  }
}

function validateMapEntry(
  raw: Record<string, unknown>,
  target: string,
  path: string,
  issues: IssueList,
): FieldOverride | undefined {
  const before = issues.count;
  const source =
    raw.source === undefined
      ? undefined
      : checkSourceField(raw.source, pointer(path, 'source'), issues);
  let onInvalid: InvalidValuePolicy = 'reject';
  if (raw.onInvalid !== undefined) {
    if (raw.onInvalid === 'reject' || raw.onInvalid === 'omit') onInvalid = raw.onInvalid;
    else issues.add(pointer(path, 'onInvalid'), `must be 'reject' or 'omit'`);
  }
  const transforms: TransformSpec[] = [];
  const transformsPath = pointer(path, 'transforms');
  if (raw.transforms !== undefined) {
    if (!Array.isArray(raw.transforms) || raw.transforms.length > MAX_TRANSFORMS) {
      issues.add(transformsPath, `must be a list of at most ${MAX_TRANSFORMS} transforms`);
      return undefined;
    }
    raw.transforms.forEach((entry: unknown, index: number) => {
      const transform = validateTransform(entry, pointer(transformsPath, index), issues);
      if (transform !== undefined) transforms.push(transform);
    });
  }
  if (raw.source === undefined && transforms.length === 0 && issues.count === before) {
    issues.add(path, `needs a 'source' field or at least one transform to produce a value`);
  }
  if (issues.count > before) return undefined;
  return {
    kind: 'map',
    target,
    ...(source === undefined ? {} : { source }),
    transforms,
    onInvalid,
  };
}

function checkPropertyName(value: unknown, path: string, issues: IssueList): string | undefined {
  if (typeof value === 'string' && PROPERTY_NAME_PATTERN.test(value)) return value;
  const shown = typeof value === 'string' ? quoteValue(value) : describeType(value);
  issues.add(
    path,
    `${shown} is not a HubSpot property name (lower-case letter first, then a-z, 0-9, _)`,
  );
  return undefined;
}
