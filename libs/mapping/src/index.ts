export { benchmarkMapping } from './benchmark-mapping';
export type { BenchmarkResult } from './benchmark-mapping';
export { compileMapping, MappingDocumentError } from './compile-mapping';
export type { MappingOptions } from './compile-mapping';
export { contentHashOf } from './content-hash';
export { countryNameFromAlpha3, regionFromAlpha3 } from './country';
export { isValidEmail, normalizeEmail } from './email';
export { ENTITY_SPECS } from './entity-specs';
export type { EntitySpec } from './entity-specs';
export {
  HUBSPOT_TEXT_MAX_LENGTH,
  ID_PROPERTY,
  LAST_SYNCED_PROPERTY,
  maxLengthOf,
  SHORT_TEXT_MAX_LENGTH,
} from './hubspot-limits';
export type { MappingIssue } from './json-pointer';
export { mappedProperties, mappedTargets } from './mapped-properties';
export type { MappedTarget } from './mapped-properties';
export type {
  EntityOverrides,
  FieldOverride,
  FieldRule,
  InvalidValuePolicy,
  MappingDocument,
  TransformSpec,
} from './mapping-document';
export { validateMappingDocument } from './mapping-document-validator';
export { TRANSFORM_OPS } from './transform-validator';
export type { MappingDocumentValidation } from './mapping-document-validator';
export { SOURCE_ENTITIES } from './mapping-result';
export type {
  HubSpotObjectType,
  Lifecycle,
  MappedRecord,
  MappingResult,
  RecordMapper,
  RejectedRecord,
  SourceEntity,
} from './mapping-result';
export { parsePhone } from './phone';
export type { ParsedPhone } from './phone';
export {
  COMPANY_PROPERTY_DEFINITIONS,
  CONTACT_PROPERTY_DEFINITIONS,
  CUSTOM_PROPERTY_DEFINITIONS,
  PROPERTY_GROUP,
} from './property-definitions';
export type { PropertyDefinition, PropertyOption } from './property-definitions';
export type { SourceRow, SourceValue } from './source-row';
export { missingTargetProperties } from './target-properties';
export type { MissingProperty } from './target-properties';
export { canonicalSourceTimestamp } from './source-timestamp';
export { CUSTOMER_STATUSES, EMPLOYMENT_STATUSES, VENDOR_STATUSES } from './status-codes';
export type { StatusCode } from './status-codes';
export * from './effective-dating';
