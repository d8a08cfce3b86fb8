import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './name-pools';
import { hash32, pickByHash } from './seeded-random';

/** What NAMES, EMAIL_ADDRESSES and PERSONAL_PHONE hold for one person. */
export interface PersonDetails {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
}

const EMPLID_DIGITS = 7;

export function emplidOf(person: number): string {
  return `KU${String(person + 1).padStart(EMPLID_DIGITS, '0')}`;
}

export function personOf(emplid: string): number | undefined {
  const match = /^KU(\d{7})$/.exec(emplid.trim());
  return match ? Number(match[1]) - 1 : undefined;
}

function asciiLocal(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]/g, '')
    .toLowerCase();
}

/**
 * Person details are derived from a hash of (seed, person) rather than stored, so a million
 * people cost nothing until a mutation overrides someone. The variants reproduce the mess of
 * real HR data: mixed case, stray spaces, invalid and missing addresses, free-form phones.
 */
export class PersonDirectory {
  private readonly overrides = new Map<number, PersonDetails>();

  constructor(private readonly seed: number) {}

  details(person: number): PersonDetails {
    return this.overrides.get(person) ?? this.derived(person);
  }

  update(person: number, changes: Partial<PersonDetails>): PersonDetails {
    const next = { ...this.details(person), ...changes };
    this.overrides.set(person, next);
    return next;
  }

  private derived(person: number): PersonDetails {
    const h = (salt: number): number => hash32(this.seed, person, salt);
    let firstName = pickByHash(FIRST_NAMES, h(1));
    let lastName = pickByHash(LAST_NAMES, h(2));
    const style = h(5) % 60;
    if (style === 0) lastName = lastName.toUpperCase();
    if (style === 1) firstName = firstName.toLowerCase();
    return {
      firstName,
      lastName,
      email: this.email(firstName, lastName, person, h(3)),
      phone: this.phone(h(4)),
    };
  }

  private email(firstName: string, lastName: string, person: number, hash: number): string {
    const local = `${asciiLocal(firstName)}.${asciiLocal(lastName)}`;
    const domain = pickByHash(EMAIL_DOMAINS, hash >>> 8);
    const variant = hash % 100;
    if (variant < 45) return `${local}.${person % 10_000}@${domain}`;
    if (variant < 60) return `${local}@${domain}`;
    if (variant < 72) return `${firstName}.${lastName.replace(/\s/g, '')}@${domain.toUpperCase()}`;
    if (variant < 80) return ` ${local}${person % 100}@${domain}`;
    if (variant < 86) return `${asciiLocal(firstName)}${person % 1000}@Example.COM`;
    if (variant < 89) return `${local}@`;
    if (variant < 91) return `${asciiLocal(firstName)} ${asciiLocal(lastName)}@${domain}`;
    return '';
  }

  private phone(hash: number): string {
    const area = 200 + (hash % 700);
    const exchange = 100 + ((hash >>> 10) % 900);
    const line = String((hash >>> 3) % 10_000).padStart(4, '0');
    switch ((hash >>> 20) % 9) {
      case 0:
        return `${area}/${exchange}-${line}`;
      case 1:
        return `(${area}) ${exchange}-${line}`;
      case 2:
        return `+1 ${area} ${exchange} ${line}`;
      case 3:
        return `${area}${exchange}${line}`;
      case 4:
        return `${area}.${exchange}.${line}`;
      case 5:
        return `+44 20 7946 ${line}`;
      case 6:
        return `${area}-${exchange}-${line} x${(hash >>> 5) % 100}`;
      case 7:
        return '';
      default:
        return `${area}/${exchange}-${line}`;
    }
  }
}
