import type { CrmObjectType } from './api-paths';
import type { RequestAudit } from './request-audit';

export interface PropertyOptionDefinition {
  label: string;
  value: string;
}

/** The definition shape HubSpot's properties API accepts. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'enumeration' | 'datetime' | 'number' | 'date';
  fieldType: 'text' | 'select' | 'date' | 'number' | 'textarea' | 'phonenumber';
  groupName: string;
  description?: string;
  hasUniqueValue?: boolean;
  options?: PropertyOptionDefinition[];
}

/** The fields the client reads from HubSpot's property JSON. */
export interface HubSpotProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  options: PropertyOptionDefinition[];
}

export interface PropertyBootstrapReport {
  objectType: CrmObjectType;
  groupName: string;
  groupCreated: boolean;
  created: string[];
  existing: string[];
  /**
   * Every property of the object type in the portal once the bootstrap is done (listed, plus
   * those it created), so a caller can check other properties it writes without listing again.
   */
  portalProperties: string[];
  requests: RequestAudit[];
}

export interface AccountDetails {
  portalId: number;
  timeZone: string;
  dataHostingLocation: string;
  uiDomain: string;
}

/** A parsed answer plus the audit record of the request that produced it. */
export interface ApiResult<T> {
  data: T;
  request: RequestAudit;
}
