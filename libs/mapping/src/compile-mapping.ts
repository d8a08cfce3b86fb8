import { compileRule } from './compiled-rule';
import { ENTITY_SPECS, type EntitySpec } from './entity-specs';
import { formatIssue, IssueList } from './json-pointer';
import type { MappingIssue } from './json-pointer';
import type { FieldOverride, FieldRule } from './mapping-document';
import { validateMappingDocument } from './mapping-document-validator';
import type { RecordMapper, SourceEntity } from './mapping-result';
import { normalizeRegion } from './phone';
import { buildMapper } from './record-mapper';
import { resolveRules } from './rule-resolver';

export interface MappingOptions {
  /** ISO 3166 alpha-2 region national phone numbers are read in, e.g. 'US' (any case). */
  readonly defaultRegion: string;
}

/** Thrown by compileMapping for a bad document or options; `errors` lists every problem. */
export class MappingDocumentError extends Error {
  readonly errors: readonly string[];

  constructor(readonly issues: readonly MappingIssue[]) {
    const errors = issues.map(formatIssue);
    super(`Invalid mapping: ${errors.join('; ')}`);
    this.name = 'MappingDocumentError';
    this.errors = errors;
  }
}

/**
 * Validates the overrides and options once and returns the per-record mapper, which does no
 * schema work: every rule is already a closure chain in sorted target order. `overrides` is the
 * connection's whole mapping document (or undefined/null for the defaults); only this entity's
 * section is applied, but an error anywhere in it fails the compile.
 * @throws MappingDocumentError when the document or the options are invalid.
 */
export function compileMapping(
  entity: SourceEntity,
  overrides: unknown,
  options: MappingOptions,
): RecordMapper {
  const spec = entitySpecOf(entity);
  const region =
    typeof options?.defaultRegion === 'string' ? normalizeRegion(options.defaultRegion) : undefined;
  if (region === undefined) {
    throw new MappingDocumentError([
      {
        path: '',
        message: `options.defaultRegion ${JSON.stringify(options?.defaultRegion)} is not a supported ISO 3166 alpha-2 region`,
      },
    ]);
  }
  const { rules } = resolvedRulesOf(spec, overrides);
  const compiled = rules
    .map((rule) => compileRule(spec, rule, region))
    .sort((a, b) => (a.target < b.target ? -1 : 1));
  return buildMapper(spec, compiled);
}

/** The entity's spec; a MappingDocumentError for an entity the mapping does not know. */
export function entitySpecOf(entity: SourceEntity): EntitySpec {
  const spec = Object.hasOwn(ENTITY_SPECS, entity) ? ENTITY_SPECS[entity] : undefined;
  if (spec === undefined) {
    throw new MappingDocumentError([{ path: '', message: `unknown entity '${String(entity)}'` }]);
  }
  return spec;
}

/**
 * The rules an entity's mapping applies: its defaults with the connection's overrides for it
 * (the whole document is validated, as an error anywhere in it fails the mapping).
 * @throws MappingDocumentError when the document is invalid.
 */
export function resolvedRulesOf(
  spec: EntitySpec,
  overrides: unknown,
): { fieldOverrides: readonly FieldOverride[]; rules: FieldRule[] } {
  let fieldOverrides: readonly FieldOverride[] = [];
  if (overrides !== undefined && overrides !== null) {
    const validation = validateMappingDocument(overrides);
    if (!validation.ok) throw new MappingDocumentError(validation.issues);
    fieldOverrides = validation.value[spec.entity]?.fields ?? [];
  }
  const issues = new IssueList();
  const rules = resolveRules(spec, fieldOverrides, issues);
  if (issues.count > 0) throw new MappingDocumentError(issues.items);
  return { fieldOverrides, rules };
}
