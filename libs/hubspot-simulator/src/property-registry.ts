import {
  OBJECT_TYPE_IDS,
  SIM_OBJECT_TYPES,
  type PropertyOption,
  type PropertyType,
  type SimObjectType,
  type SimProperty,
  type SimPropertyGroup,
} from './property-model';
import { STANDARD_GROUPS, STANDARD_PROPERTIES } from './standard-properties';

export const MAX_UNIQUE_PROPERTIES = 10;

const FIELD_TYPES: Record<PropertyType, readonly string[]> = {
  string: ['text', 'textarea', 'phonenumber', 'html', 'file'],
  number: ['number'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
};

const NAME_PATTERN = /^[a-z][a-z0-9_]{0,99}$/;

export type RegistryResult<T> =
  { ok: true; value: T } | { ok: false; status: number; category: string; message: string };

const fail = (status: number, category: string, message: string) =>
  ({ ok: false, status, category, message }) as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Property and group definitions per object type, with HubSpot's creation rules. */
export class PropertyRegistry {
  private readonly properties = new Map<SimObjectType, Map<string, SimProperty>>();
  private readonly groups = new Map<SimObjectType, Map<string, SimPropertyGroup>>();

  constructor(private readonly now: () => number) {
    this.reset();
  }

  reset(): void {
    const stamp = new Date(0).toISOString();
    for (const type of SIM_OBJECT_TYPES) {
      const standardGroup = STANDARD_GROUPS[type];
      this.groups.set(
        type,
        new Map([[standardGroup.name, { ...standardGroup, displayOrder: -1, archived: false }]]),
      );
      const byName = new Map<string, SimProperty>();
      for (const spec of STANDARD_PROPERTIES[type]) {
        byName.set(spec.name, {
          name: spec.name,
          label: spec.label,
          type: spec.type,
          fieldType: spec.fieldType,
          groupName: standardGroup.name,
          description: '',
          hasUniqueValue: false,
          hubspotDefined: true,
          readOnlyValue: spec.readOnlyValue ?? false,
          options: spec.options ?? [],
          createdAt: stamp,
          updatedAt: stamp,
        });
      }
      this.properties.set(type, byName);
    }
  }

  list(type: SimObjectType): SimProperty[] {
    return [...this.byName(type).values()];
  }

  get(type: SimObjectType, name: string): SimProperty | undefined {
    return this.byName(type).get(name);
  }

  listGroups(type: SimObjectType): SimPropertyGroup[] {
    return [...this.groupsOf(type).values()];
  }

  /** Properties an upsert may match on: contacts' email plus every `hasUniqueValue` property. */
  isUpsertKey(type: SimObjectType, name: string): boolean {
    if (type === 'contacts' && name === 'email') return true;
    return this.get(type, name)?.hasUniqueValue === true;
  }

  /** Properties whose values no two objects may share. */
  uniqueProperties(type: SimObjectType): string[] {
    const names = this.list(type)
      .filter((property) => property.hasUniqueValue)
      .map((property) => property.name);
    return type === 'contacts' ? ['email', ...names] : names;
  }

  createGroup(type: SimObjectType, body: unknown): RegistryResult<SimPropertyGroup> {
    if (!isRecord(body) || typeof body.name !== 'string' || typeof body.label !== 'string') {
      return fail(
        400,
        'VALIDATION_ERROR',
        'Invalid input JSON: a property group needs a name and a label',
      );
    }
    if (!NAME_PATTERN.test(body.name)) {
      return fail(400, 'VALIDATION_ERROR', `Property group name ${body.name} is not valid`);
    }
    if (this.groupsOf(type).has(body.name)) {
      return fail(409, 'OBJECT_ALREADY_EXISTS', `Property group ${body.name} already exists.`);
    }
    const group: SimPropertyGroup = {
      name: body.name,
      label: body.label,
      displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
      archived: false,
    };
    this.groupsOf(type).set(group.name, group);
    return { ok: true, value: group };
  }

  createProperty(type: SimObjectType, body: unknown): RegistryResult<SimProperty> {
    const checked = this.checkDefinition(type, body);
    if (!checked.ok) return checked;
    const property = checked.value;
    this.byName(type).set(property.name, property);
    return { ok: true, value: property };
  }

  private checkDefinition(type: SimObjectType, body: unknown): RegistryResult<SimProperty> {
    if (!isRecord(body))
      return fail(400, 'VALIDATION_ERROR', 'Invalid input JSON: expected an object');
    const { name, label, type: propertyType, fieldType, groupName } = body;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name.startsWith('hs_')) {
      return fail(
        400,
        'VALIDATION_ERROR',
        `Property name ${String(name)} is not valid: use lower-case letters, digits and underscores, starting with a letter and not with hs_`,
      );
    }
    if (typeof label !== 'string' || label.trim() === '') {
      return fail(400, 'VALIDATION_ERROR', `Property ${name} needs a label`);
    }
    if (typeof propertyType !== 'string' || !(propertyType in FIELD_TYPES)) {
      return fail(400, 'VALIDATION_ERROR', `Property type ${String(propertyType)} is not valid`);
    }
    const validType = propertyType as PropertyType;
    if (typeof fieldType !== 'string' || !FIELD_TYPES[validType].includes(fieldType)) {
      return fail(
        400,
        'VALIDATION_ERROR',
        `Field type ${String(fieldType)} is not valid for a property of type ${validType}`,
      );
    }
    if (typeof groupName !== 'string' || !this.groupsOf(type).has(groupName)) {
      return fail(400, 'VALIDATION_ERROR', `Property group ${String(groupName)} does not exist`);
    }
    const hasUniqueValue = body.hasUniqueValue === true;
    if (body.hasUniqueValue !== undefined && typeof body.hasUniqueValue !== 'boolean') {
      return fail(400, 'VALIDATION_ERROR', 'hasUniqueValue must be a boolean');
    }
    if (this.byName(type).has(name)) {
      return fail(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`);
    }
    if (hasUniqueValue) {
      if (validType !== 'string' && validType !== 'number') {
        return fail(
          400,
          'VALIDATION_ERROR',
          'Only string and number properties can have unique values',
        );
      }
      const uniqueCount = this.list(type).filter((p) => p.hasUniqueValue).length;
      if (uniqueCount >= MAX_UNIQUE_PROPERTIES) {
        return fail(
          400,
          'VALIDATION_ERROR',
          `Object type ${OBJECT_TYPE_IDS[type]} already has the maximum of ${MAX_UNIQUE_PROPERTIES} unique value properties`,
        );
      }
    }
    const options = this.checkOptions(validType, body.options);
    if (!options.ok) return options;
    const stamp = new Date(this.now()).toISOString();
    return {
      ok: true,
      value: {
        name,
        label,
        type: validType,
        fieldType,
        groupName,
        description: typeof body.description === 'string' ? body.description : '',
        hasUniqueValue,
        hubspotDefined: false,
        readOnlyValue: false,
        options: options.value,
        createdAt: stamp,
        updatedAt: stamp,
      },
    };
  }

  private checkOptions(type: PropertyType, raw: unknown): RegistryResult<PropertyOption[]> {
    if (type !== 'enumeration') return { ok: true, value: [] };
    if (!Array.isArray(raw) || raw.length === 0) {
      return fail(400, 'VALIDATION_ERROR', 'Enumeration properties need at least one option');
    }
    const options: PropertyOption[] = [];
    const seen = new Set<string>();
    for (const [index, option] of raw.entries()) {
      if (
        !isRecord(option) ||
        typeof option.label !== 'string' ||
        typeof option.value !== 'string'
      ) {
        return fail(400, 'VALIDATION_ERROR', `Option ${index} needs a string label and value`);
      }
      if (seen.has(option.value)) {
        return fail(400, 'VALIDATION_ERROR', `Option value ${option.value} is used more than once`);
      }
      seen.add(option.value);
      options.push({
        label: option.label,
        value: option.value,
        displayOrder: typeof option.displayOrder === 'number' ? option.displayOrder : index,
        hidden: option.hidden === true,
      });
    }
    return { ok: true, value: options };
  }

  private byName(type: SimObjectType): Map<string, SimProperty> {
    const map = this.properties.get(type);
    if (!map) throw new Error(`unknown object type ${type}`);
    return map;
  }

  private groupsOf(type: SimObjectType): Map<string, SimPropertyGroup> {
    const map = this.groups.get(type);
    if (!map) throw new Error(`unknown object type ${type}`);
    return map;
  }
}
