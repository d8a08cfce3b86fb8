import type { HubSpotObjectType } from './mapping-result';
import { ID_PROPERTY, LAST_SYNCED_PROPERTY, PROPERTY_GROUP_NAME } from './hubspot-limits';
import {
  CUSTOMER_STATUSES,
  CUSTOMER_STATUS_PREFIX,
  EMPLOYMENT_STATUSES,
  VENDOR_STATUSES,
  VENDOR_STATUS_PREFIX,
} from './status-codes';

export interface PropertyOption {
  readonly label: string;
  readonly value: string;
}

/** Body of POST /crm/v3/properties/{objectType}. */
export interface PropertyDefinition {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'enumeration' | 'datetime';
  readonly fieldType: 'text' | 'select' | 'date';
  readonly groupName: typeof PROPERTY_GROUP_NAME;
  readonly hasUniqueValue?: boolean;
  readonly options?: readonly PropertyOption[];
  readonly description: string;
}

/** Body of POST /crm/v3/properties/{objectType}/groups; create it before the properties. */
export const PROPERTY_GROUP = { name: PROPERTY_GROUP_NAME, label: 'ML Connector' } as const;

const idProperty = (what: string): PropertyDefinition => ({
  name: ID_PROPERTY,
  label: 'PeopleSoft ID',
  type: 'string',
  fieldType: 'text',
  groupName: PROPERTY_GROUP_NAME,
  // Unique so that upserts can key on it; HubSpot never lets this flag change later.
  hasUniqueValue: true,
  description: `${what}. Written by the PeopleSoft connector; do not edit.`,
});

const lastSynced: PropertyDefinition = {
  name: LAST_SYNCED_PROPERTY,
  label: 'Last synced from PeopleSoft',
  type: 'datetime',
  fieldType: 'date',
  groupName: PROPERTY_GROUP_NAME,
  description: 'When the PeopleSoft connector last wrote this record.',
};

export const CONTACT_PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  idProperty('PeopleSoft EMPLID of the employee'),
  {
    name: 'ml_department',
    label: 'Department (PeopleSoft)',
    type: 'string',
    fieldType: 'text',
    groupName: PROPERTY_GROUP_NAME,
    description: 'Department description from PeopleSoft, or the department ID when it has none.',
  },
  {
    name: 'ml_employment_status',
    label: 'Employment status (PeopleSoft)',
    type: 'enumeration',
    fieldType: 'select',
    groupName: PROPERTY_GROUP_NAME,
    options: EMPLOYMENT_STATUSES.map((status) => ({ label: status.label, value: status.code })),
    description: 'PeopleSoft JOB.EMPL_STATUS of the employee.',
  },
  lastSynced,
];

export const COMPANY_PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  idProperty('vendor:<SETID>:<VENDOR_ID> or customer:<SETID>:<CUST_ID>'),
  {
    name: 'ml_peoplesoft_status',
    label: 'PeopleSoft status',
    type: 'enumeration',
    fieldType: 'select',
    groupName: PROPERTY_GROUP_NAME,
    options: [
      ...VENDOR_STATUSES.map((status) => ({
        label: `Vendor: ${status.label}`,
        value: VENDOR_STATUS_PREFIX + status.code,
      })),
      ...CUSTOMER_STATUSES.map((status) => ({
        label: `Customer: ${status.label}`,
        value: CUSTOMER_STATUS_PREFIX + status.code,
      })),
    ],
    description: 'PeopleSoft VENDOR_STATUS or CUST_STATUS of the company.',
  },
  lastSynced,
];

export const CUSTOM_PROPERTY_DEFINITIONS: Readonly<
  Record<HubSpotObjectType, readonly PropertyDefinition[]>
> = {
  contacts: CONTACT_PROPERTY_DEFINITIONS,
  companies: COMPANY_PROPERTY_DEFINITIONS,
};

/** Allowed values per enumeration property and object type, for validation before writing. */
export function enumerationValues(
  objectType: HubSpotObjectType,
  propertyName: string,
): ReadonlySet<string> | undefined {
  const definition = CUSTOM_PROPERTY_DEFINITIONS[objectType].find(
    (candidate) => candidate.name === propertyName,
  );
  return definition?.options
    ? new Set(definition.options.map((option) => option.value))
    : undefined;
}
