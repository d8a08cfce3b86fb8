import type { PropertyOption, PropertyType, SimObjectType } from './property-model';

export interface StandardPropertySpec {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  readOnlyValue?: boolean;
  options?: PropertyOption[];
}

const LIFECYCLE_STAGES: PropertyOption[] = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
].map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false }));

const COMPANY_TYPES: PropertyOption[] = ['PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER'].map(
  (value, displayOrder) => ({ label: value, value, displayOrder, hidden: false }),
);

const text = (name: string, label: string): StandardPropertySpec => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
});

const readOnly = (name: string, label: string, type: PropertyType): StandardPropertySpec => ({
  name,
  label,
  type,
  fieldType: type === 'datetime' ? 'date' : type === 'number' ? 'number' : 'text',
  readOnlyValue: true,
});

export const STANDARD_GROUPS: Record<SimObjectType, { name: string; label: string }> = {
  contacts: { name: 'contactinformation', label: 'Contact information' },
  companies: { name: 'companyinformation', label: 'Company information' },
};

export const STANDARD_PROPERTIES: Record<SimObjectType, StandardPropertySpec[]> = {
  contacts: [
    text('email', 'Email'),
    text('firstname', 'First Name'),
    text('lastname', 'Last Name'),
    { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
    { name: 'mobilephone', label: 'Mobile Phone Number', type: 'string', fieldType: 'phonenumber' },
    text('jobtitle', 'Job Title'),
    text('company', 'Company Name'),
    text('website', 'Website URL'),
    text('address', 'Street Address'),
    text('city', 'City'),
    text('state', 'State/Region'),
    text('zip', 'Postal Code'),
    text('country', 'Country/Region'),
    {
      name: 'lifecyclestage',
      label: 'Lifecycle Stage',
      type: 'enumeration',
      fieldType: 'radio',
      options: LIFECYCLE_STAGES,
    },
    readOnly('hs_additional_emails', 'Additional email addresses', 'string'),
    readOnly('hs_object_id', 'Record ID', 'number'),
    readOnly('createdate', 'Create Date', 'datetime'),
    readOnly('lastmodifieddate', 'Last Modified Date', 'datetime'),
  ],
  companies: [
    text('name', 'Company name'),
    text('domain', 'Company Domain Name'),
    text('website', 'Website URL'),
    text('address', 'Street Address'),
    text('address2', 'Street Address 2'),
    text('city', 'City'),
    text('state', 'State/Region'),
    text('zip', 'Postal Code'),
    text('country', 'Country/Region'),
    { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
    { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea' },
    {
      name: 'numberofemployees',
      label: 'Number of Employees',
      type: 'number',
      fieldType: 'number',
    },
    {
      name: 'type',
      label: 'Type',
      type: 'enumeration',
      fieldType: 'select',
      options: COMPANY_TYPES,
    },
    {
      name: 'lifecyclestage',
      label: 'Lifecycle Stage',
      type: 'enumeration',
      fieldType: 'radio',
      options: LIFECYCLE_STAGES,
    },
    readOnly('hs_object_id', 'Record ID', 'number'),
    readOnly('createdate', 'Create Date', 'datetime'),
    readOnly('hs_lastmodifieddate', 'Last Modified Date', 'datetime'),
  ],
};

/** The timestamp property HubSpot maintains on each object type. */
export const LAST_MODIFIED_PROPERTY: Record<SimObjectType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
};
