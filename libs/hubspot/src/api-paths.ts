import type { ApiVersion } from './hubspot-settings';

export type CrmObjectType = 'contacts' | 'companies';

/** Builds the numbered (`v3`) or date-versioned path for each operation the client uses. */
export function apiPaths(version: ApiVersion) {
  const dated = version !== 'v3';
  const objects = (type: CrmObjectType) =>
    dated ? `/crm/objects/${version}/${type}` : `/crm/v3/objects/${type}`;
  const properties = (type: CrmObjectType) =>
    dated ? `/crm/properties/${version}/${type}` : `/crm/v3/properties/${type}`;
  return {
    objects,
    batchUpsert: (type: CrmObjectType) => `${objects(type)}/batch/upsert`,
    batchRead: (type: CrmObjectType) => `${objects(type)}/batch/read`,
    batchArchive: (type: CrmObjectType) => `${objects(type)}/batch/archive`,
    properties,
    property: (type: CrmObjectType, name: string) =>
      `${properties(type)}/${encodeURIComponent(name)}`,
    propertyGroups: (type: CrmObjectType) => `${properties(type)}/groups`,
    accountDetails: () => `/account-info/${version}/details`,
  };
}
