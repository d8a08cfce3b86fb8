import type { SimProperty } from './property-model';

/** One entry of HubSpot's "Property values were not valid: [...]" list. */
export interface PropertyValueError {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

/** HubSpot caps single-line and multi-line text values at 65,536 characters. */
export const MAX_VALUE_LENGTH = 65536;

const EMAIL_PATTERN =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const NUMBER_PATTERN = /^-?\d+(?:\.\d+)?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const DAY_MS = 86_400_000;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

function problem(name: string, error: string, message: string): PropertyValueError {
  return { isValid: false, message, error, name };
}

function isValidCalendarDate(value: string): boolean {
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(value);
}

/**
 * Checks one value the way HubSpot does on write. An empty string clears a property and is
 * always accepted.
 */
export function validatePropertyValue(
  property: SimProperty,
  value: string,
): PropertyValueError | undefined {
  const { name } = property;
  if (property.readOnlyValue) {
    return problem(
      name,
      'READ_ONLY_VALUE',
      `${name} is a read only property; its value cannot be set.`,
    );
  }
  if (value === '') return undefined;
  if (value.length > MAX_VALUE_LENGTH) {
    return problem(
      name,
      'INVALID_LENGTH',
      `Property ${name} value is too long: ${value.length} characters, the limit is ${MAX_VALUE_LENGTH}`,
    );
  }
  if (name === 'email' && !isValidEmail(value)) {
    return problem(name, 'INVALID_EMAIL', `Email address ${value} is invalid`);
  }
  switch (property.type) {
    case 'number':
      return NUMBER_PATTERN.test(value)
        ? undefined
        : problem(name, 'INVALID_DECIMAL', `${value} is not a valid number for property ${name}`);
    case 'date':
      return isValidDateValue(value)
        ? undefined
        : problem(
            name,
            'INVALID_DATE',
            `${value} is not a valid date for property ${name}: use YYYY-MM-DD or epoch milliseconds at midnight UTC`,
          );
    case 'datetime':
      return /^\d+$/.test(value) ||
        (DATETIME_PATTERN.test(value) && !Number.isNaN(Date.parse(value)))
        ? undefined
        : problem(
            name,
            'INVALID_DATETIME',
            `${value} is not a valid datetime for property ${name}`,
          );
    case 'bool':
      return value === 'true' || value === 'false'
        ? undefined
        : problem(name, 'INVALID_BOOLEAN', `${value} is not a valid boolean for property ${name}`);
    case 'enumeration':
      return validateOption(property, value);
    case 'string':
      return undefined;
  }
}

function isValidDateValue(value: string): boolean {
  if (/^\d+$/.test(value)) return Number(value) % DAY_MS === 0;
  return DATE_PATTERN.test(value) && isValidCalendarDate(value);
}

function validateOption(property: SimProperty, value: string): PropertyValueError | undefined {
  const allowed = property.options.map((option) => option.value);
  // Multi-select checkboxes take several options separated by semicolons.
  const chosen = property.fieldType === 'checkbox' ? value.split(';') : [value];
  const bad = chosen.find((choice) => !allowed.includes(choice));
  if (bad === undefined) return undefined;
  return problem(
    property.name,
    'INVALID_OPTION',
    `${bad} was not one of the allowed options: [${allowed.join(', ')}]`,
  );
}
