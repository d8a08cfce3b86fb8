/** HubSpot stores at most this many characters in a text property written through the API. */
export const HUBSPOT_TEXT_MAX_LENGTH = 65_536;

/**
 * The connector's own cap for the standard single-line properties the defaults fill. HubSpot
 * would take 65,536 characters, but the PeopleSoft columns behind them are at most 70 wide
 * (EMAIL_ADDR), so a longer value is corrupt data and must not reach the CRM as a "name".
 * Overrides that need longer values map them to other properties or chain `truncate`.
 */
export const SHORT_TEXT_MAX_LENGTH = 255;
const SHORT_TEXT_PROPERTIES = new Set([
  'firstname',
  'lastname',
  'jobtitle',
  'phone',
  'ml_department',
  'name',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'country',
]);

/** RFC 5321 path limit; HubSpot rejects longer addresses as invalid. */
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_PART_MAX_LENGTH = 64;

/** The longest value the mapper lets through for a target property. */
export function maxLengthOf(target: string): number {
  if (target === 'email') return EMAIL_MAX_LENGTH;
  return SHORT_TEXT_PROPERTIES.has(target) ? SHORT_TEXT_MAX_LENGTH : HUBSPOT_TEXT_MAX_LENGTH;
}

/** HubSpot internal property names: lower-case letter first, then a-z, 0-9 and underscores. */
export const PROPERTY_NAME_PATTERN = /^[a-z][a-z0-9_]{0,99}$/;

/** The unique property every record is upserted on; never renamed, dropped or overridden. */
export const ID_PROPERTY = 'ml_peoplesoft_id';

/** Set by the writer at send time, so no mapping may produce it and it stays out of the hash. */
export const LAST_SYNCED_PROPERTY = 'ml_last_synced_at';

export const PROPERTY_GROUP_NAME = 'ml_connector';
