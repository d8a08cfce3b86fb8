export type SimObjectType = 'contacts' | 'companies';

export const SIM_OBJECT_TYPES: readonly SimObjectType[] = ['contacts', 'companies'];

/** HubSpot's object type ids, used in some of its error messages. */
export const OBJECT_TYPE_IDS: Record<SimObjectType, string> = { contacts: '0-1', companies: '0-2' };

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
}

export interface SimProperty {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  /** True for values HubSpot computes itself (ids, timestamps): writes are refused. */
  readOnlyValue: boolean;
  options: PropertyOption[];
  createdAt: string;
  updatedAt: string;
}

export interface SimPropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** The JSON shape HubSpot's properties API returns. */
export function propertyToJson(property: SimProperty): Record<string, unknown> {
  return {
    updatedAt: property.updatedAt,
    createdAt: property.createdAt,
    name: property.name,
    label: property.label,
    type: property.type,
    fieldType: property.fieldType,
    description: property.description,
    groupName: property.groupName,
    options: property.options,
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: property.hasUniqueValue,
    hidden: false,
    hubspotDefined: property.hubspotDefined,
    modificationMetadata: {
      archivable: !property.hubspotDefined,
      readOnlyDefinition: property.hubspotDefined,
      readOnlyValue: property.readOnlyValue,
    },
    formField: !property.readOnlyValue,
  };
}
