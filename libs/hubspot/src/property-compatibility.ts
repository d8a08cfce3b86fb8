import type { HubSpotProperty, PropertyDefinition } from './property-types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one property from HubSpot's JSON; undefined when it lacks a name. */
export function toHubSpotProperty(raw: unknown): HubSpotProperty | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    name: raw.name,
    label: text(raw.label),
    type: text(raw.type),
    fieldType: text(raw.fieldType),
    groupName: text(raw.groupName),
    hasUniqueValue: raw.hasUniqueValue === true,
    hubspotDefined: raw.hubspotDefined === true,
    options: Array.isArray(raw.options)
      ? raw.options
          .filter(isRecord)
          .map((option) => ({ label: text(option.label), value: text(option.value) }))
      : [],
  };
}

/**
 * Why an existing property cannot stand in for `wanted`, or undefined when it can. Uniqueness
 * cannot be changed after creation, and upserts depend on it. A different type, or an option the
 * mapping writes but the property lacks, would make writes of that value fail validation, and one
 * such input fails its whole batch.
 */
export function incompatibility(
  existing: HubSpotProperty,
  wanted: PropertyDefinition,
): string | undefined {
  const problems: string[] = [];
  const wantUnique = wanted.hasUniqueValue === true;
  if (existing.hasUniqueValue !== wantUnique) {
    problems.push(
      `property ${wanted.name} exists with hasUniqueValue=${existing.hasUniqueValue} but ${wantUnique} is required; HubSpot cannot change it, so the property must be deleted and created again (or another name used)`,
    );
  }
  if (existing.type !== wanted.type) {
    problems.push(
      `property ${wanted.name} exists with type ${existing.type} but ${wanted.type} is required`,
    );
  }
  const present = new Set(existing.options.map((option) => option.value));
  const absent = (wanted.options ?? []).filter((option) => !present.has(option.value));
  if (absent.length > 0) {
    problems.push(
      `property ${wanted.name} lacks the option values [${absent.map((option) => option.value).join(', ')}]`,
    );
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}
