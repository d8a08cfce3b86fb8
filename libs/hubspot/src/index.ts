export { HubSpotClient, type HubSpotClientOptions } from './hubspot-client';
export {
  DEFAULT_API_VERSION,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  isApiVersion,
  resolveSettings,
  type ApiVersion,
  type HubSpotSettings,
  type ResolvedHubSpotSettings,
} from './hubspot-settings';
export { apiPaths, type CrmObjectType } from './api-paths';
export {
  HubSpotError,
  InvalidBatchError,
  PropertyMismatchError,
  type HubSpotErrorKind,
  type PropertyMismatch,
  type PropertyValidationError,
  type RateLimitPolicy,
} from './hubspot-error';
export {
  MAX_BATCH_INPUTS,
  UNACCOUNTED,
  type BatchUpsertInput,
  type BatchUpsertOutcome,
  type TracedUpsertInput,
  type UpsertInputOutcome,
} from './batch-upsert-types';
export {
  MAX_BATCH_READ_INPUTS,
  MAX_LIST_LIMIT,
  MERGED_IDS_PROPERTY,
  mergedIdsOf,
  type BatchReadOptions,
  type BatchReadResult,
  type CrmObject,
  type ListObjectsOptions,
  type ObjectPage,
} from './crm-objects';
export { matchBatchResults } from './match-batch-results';
export { parseRateLimitHeaders, parseRetryAfterMs, type RateLimitInfo } from './rate-limit-headers';
export {
  classifyErrorResponse,
  parsePropertyErrors,
  LOCKED_MIN_WAIT_MS,
} from './classify-response';
export type { RequestAudit } from './request-audit';
export type {
  AccountDetails,
  ApiResult,
  HubSpotProperty,
  PropertyBootstrapReport,
  PropertyDefinition,
  PropertyOptionDefinition,
} from './property-types';
export { fullJitterBackoff } from './full-jitter-backoff';
