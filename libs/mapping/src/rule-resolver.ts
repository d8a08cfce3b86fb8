import type { EntitySpec } from './entity-specs';
import { ID_PROPERTY, LAST_SYNCED_PROPERTY } from './hubspot-limits';
import { pointer } from './json-pointer';
import type { IssueList } from './json-pointer';
import type { FieldOverride, FieldRule } from './mapping-document';

/**
 * Applies override entries, in order, to an entity's default rules. Problems are added to
 * `issues` with the entry's JSON Pointer; the returned rules are only meaningful when none were.
 */
export function resolveRules(
  spec: EntitySpec,
  overrides: readonly FieldOverride[],
  issues: IssueList,
): FieldRule[] {
  const fieldsPath = `/${spec.entity}/fields`;
  const rules = new Map<string, FieldRule>(spec.defaultRules.map((rule) => [rule.target, rule]));
  const setBy = new Map<string, number>();
  overrides.forEach((override, index) => {
    const path = pointer(fieldsPath, index);
    const names = override.kind === 'rename' ? [override.target, override.to] : [override.target];
    const locked = names.map((name) => lockedReason(spec, name)).find((reason) => reason);
    if (locked !== undefined) {
      issues.add(path, locked);
      return;
    }
    const earlier = names.map((name) => setBy.get(name)).find((at) => at !== undefined);
    if (earlier !== undefined) {
      issues.add(
        path,
        `'${override.target}' was already changed by ${pointer(fieldsPath, earlier)}`,
      );
      return;
    }
    switch (override.kind) {
      case 'map':
        rules.set(override.target, {
          target: override.target,
          ...(override.source === undefined ? {} : { source: override.source }),
          transforms: override.transforms,
          onInvalid: override.onInvalid,
        });
        setBy.set(override.target, index);
        return;
      case 'constant':
        rules.set(override.target, {
          target: override.target,
          constant: override.value,
          transforms: [],
          onInvalid: 'reject',
        });
        setBy.set(override.target, index);
        return;
      case 'drop':
        if (!rules.delete(override.target)) {
          issues.add(path, `cannot drop '${override.target}': ${notMapped(rules)}`);
        }
        setBy.set(override.target, index);
        return;
      case 'rename': {
        const rule = rules.get(override.target);
        if (rule === undefined) {
          issues.add(path, `cannot rename '${override.target}': ${notMapped(rules)}`);
        } else if (rules.has(override.to)) {
          issues.add(path, `cannot rename to '${override.to}': that property is already mapped`);
        } else {
          rules.delete(override.target);
          rules.set(override.to, { ...rule, target: override.to });
        }
        setBy.set(override.target, index);
        setBy.set(override.to, index);
        return;
      }
    }
  });
  return [...rules.values()];
}

function lockedReason(spec: EntitySpec, name: string): string | undefined {
  if (name === ID_PROPERTY) {
    return `'${ID_PROPERTY}' is the sync key built from ${spec.keyParts.map((part) => part.field).join(' and ')}; it cannot be changed`;
  }
  if (name === LAST_SYNCED_PROPERTY) {
    return `'${LAST_SYNCED_PROPERTY}' is set by the writer at send time; it cannot be mapped`;
  }
  if (name === spec.statusProperty) {
    return `'${spec.statusProperty}' carries ${spec.statusField}, which decides the record's lifecycle; it cannot be changed`;
  }
  return undefined;
}

function notMapped(rules: ReadonlyMap<string, FieldRule>): string {
  return `it is not mapped (mapped: ${[...rules.keys()].sort().join(', ')})`;
}
