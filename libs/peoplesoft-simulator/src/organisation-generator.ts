import { CustomerRecord, PostalAddress, VendorRecord } from './organisation-records';
import { CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, STREETS } from './name-pools';
import { DAY_MS } from './ps-time';
import { SeededRandom } from './seeded-random';

const VENDOR_STATUSES = ['A', 'A', 'A', 'A', 'A', 'A', 'E', 'I', 'D', 'X'];
const VENDOR_CLASSES = ['R', 'R', 'R', 'E', 'H'];
const HISTORY_DAYS = 365 * 5;

function companyName(rng: SeededRandom): string {
  return `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
}

function address(rng: SeededRandom): PostalAddress {
  const city = rng.pick(CITIES);
  return {
    address1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
    address2: rng.chance(0.3) ? `Suite ${rng.int(100, 999)}` : '',
    address3: rng.chance(0.05) ? 'Attn: Accounts Payable' : '',
    address4: '',
    city: city.city,
    county: city.county,
    state: city.state,
    postal: `${city.postalPrefix}${rng.int(10, 99)}`,
    country: city.country,
  };
}

function keyedAt(rng: SeededRandom, nowMs: number): number {
  const ms = nowMs - rng.int(1, HISTORY_DAYS) * DAY_MS - rng.int(0, 86_399) * 1000;
  return Math.floor(ms / 1000) * 1000;
}

function phone(rng: SeededRandom): string {
  const formats = [
    () => `${rng.int(200, 999)}/${rng.int(100, 999)}-${rng.int(1000, 9999)}`,
    () => `+44 20 ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
    () => `(${rng.int(200, 999)}) ${rng.int(100, 999)}-${rng.int(1000, 9999)}`,
    () => '',
  ];
  return rng.pick(formats)();
}

/**
 * Most vendors live in SETID SHARE; every seventh sits in US001 with a VENDOR_ID that SHARE
 * also uses, because keys are only unique within a SETID.
 */
export function generateVendors(count: number, seed: number, nowMs: number): VendorRecord[] {
  const rng = new SeededRandom(seed ^ 0x5eed0001);
  const vendors: VendorRecord[] = [];
  let shareSequence = 0;
  let us001Sequence = 0;
  for (let i = 0; i < count; i++) {
    const inUs001 = i % 7 === 6;
    const idNumber = inUs001 ? ++us001Sequence : ++shareSequence;
    const name = companyName(rng);
    const stamped = keyedAt(rng, nowMs);
    vendors.push({
      setid: inUs001 ? 'US001' : 'SHARE',
      vendorId: String(idNumber).padStart(10, '0'),
      name1: name.slice(0, 40),
      name2: rng.chance(0.2) ? `dba ${rng.pick(COMPANY_WORDS)}` : '',
      vendorStatus: rng.pick(VENDOR_STATUSES),
      vendorClass: rng.pick(VENDOR_CLASSES),
      ...address(rng),
      emailId: rng.chance(0.7)
        ? `ap@${
            name
              .split(' ')[0]
              ?.toLowerCase()
              .replace(/[^a-z]/g, '') || 'vendor'
          }.example.com`
        : '',
      phone: phone(rng),
      keyedAt: stamped,
      visibleAt: stamped,
    });
  }
  return vendors;
}

export function generateCustomers(count: number, seed: number, nowMs: number): CustomerRecord[] {
  const rng = new SeededRandom(seed ^ 0x5eed0002);
  const customers: CustomerRecord[] = [];
  for (let i = 0; i < count; i++) {
    const stamped = keyedAt(rng, nowMs);
    customers.push({
      setid: i % 5 === 4 ? 'US001' : 'SHARE',
      custId: `C${String(i + 1).padStart(6, '0')}`,
      name1: companyName(rng).slice(0, 40),
      custStatus: rng.chance(0.85) ? 'A' : 'I',
      ...address(rng),
      phone: phone(rng),
      keyedAt: stamped,
      visibleAt: stamped,
    });
  }
  return customers;
}
