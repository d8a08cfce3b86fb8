import { FIELD_LENGTH as L } from './char-padding';
import { SimInputError } from './sim-input-error';

type FieldRule =
  | { readonly kind: 'text'; readonly maxLength: number }
  | { readonly kind: 'code'; readonly values: readonly string[] }
  | { readonly kind: 'int'; readonly max: number };

type Rules = Readonly<Record<string, FieldRule>>;

const text = (maxLength: number): FieldRule => ({ kind: 'text', maxLength });
const code = (...values: string[]): FieldRule => ({ kind: 'code', values });

const PERSONAL: Rules = {
  firstName: text(L.NAME),
  lastName: text(L.NAME),
  email: text(L.EMAIL_ADDR),
  phone: text(L.PHONE),
};

const ADDRESS: Rules = {
  address1: text(L.ADDRESS),
  address2: text(L.ADDRESS),
  address3: text(L.ADDRESS),
  address4: text(L.ADDRESS),
  city: text(L.CITY),
  county: text(L.COUNTY),
  state: text(L.STATE),
  postal: text(L.POSTAL),
  country: text(L.COUNTRY),
};

/**
 * What PeopleSoft's own field definitions would refuse. Without these checks a test could key a
 * 12-character VENDOR_ID or a status PeopleSoft has no translate value for, and the client would
 * be exercised against data the real system can never hold.
 */
export const MUTATION_RULES = {
  hire: { ...PERSONAL },
  change: { ...PERSONAL, emplRcd: { kind: 'int', max: 255 } },
  terminate: { emplRcd: { kind: 'int', max: 255 }, action: code('TER', 'RET') },
  vendor: {
    ...ADDRESS,
    name1: text(L.NAME1),
    name2: text(L.NAME1),
    vendorStatus: code('A', 'D', 'E', 'I', 'X'),
    vendorClass: text(L.CLASS),
    emailId: text(L.EMAILID),
    phone: text(L.PHONE),
  },
  customer: { ...ADDRESS, name1: text(L.NAME1), custStatus: code('A', 'I'), phone: text(L.PHONE) },
} as const satisfies Record<string, Rules>;

/** Checks the fields the rules name; unknown fields are ignored, as the control API promises. */
export function checkInput(input: object, rules: Rules): void {
  for (const [field, rule] of Object.entries(rules)) {
    const value: unknown = (input as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (rule.kind === 'int') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > rule.max) {
        throw new SimInputError(`${field} must be an integer from 0 to ${rule.max}`);
      }
    } else if (typeof value !== 'string') {
      throw new SimInputError(`${field} must be a string`);
    } else if (rule.kind === 'code' && !rule.values.includes(value)) {
      throw new SimInputError(`${field} must be one of ${rule.values.join(', ')}`);
    } else if (rule.kind === 'text' && value.length > rule.maxLength) {
      throw new SimInputError(`${field} is longer than PeopleSoft's ${rule.maxLength} characters`);
    }
  }
}

/** SETID, VENDOR_ID and CUST_ID: required, within their field length, no padding. */
export function checkKey(name: string, value: string, maxLength: number): void {
  if (value.trim() === '' || value !== value.trim() || value.length > maxLength) {
    throw new SimInputError(`${name} must be 1 to ${maxLength} characters without spaces around`);
  }
}
