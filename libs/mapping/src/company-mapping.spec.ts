import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMER_STATUSES, VENDOR_STATUSES } from './status-codes';
import { customerRow, expectMapped, expectRejected, mapDefault, vendorRow } from './spec-support';

describe('default vendor → company mapping', () => {
  it('maps every default property from an ML_VENDORS row', () => {
    const record = expectMapped(mapDefault('vendor', vendorRow()));
    assert.deepEqual(record.properties, {
      address: '1 Main St',
      address2: 'Suite 4, Mail stop 7',
      city: 'Boston',
      country: 'United States',
      ml_peoplesoft_id: 'vendor:SHARE:0000000012',
      ml_peoplesoft_status: 'VENDOR_A',
      name: 'Acme Supplies Holdings',
      phone: '+16175550100',
      state: 'MA',
      zip: '02110',
    });
    assert.equal(record.objectType, 'companies');
    assert.equal(record.idValue, 'vendor:SHARE:0000000012');
    assert.equal(record.sourceId, 'vendor:SHARE:0000000012');
    assert.equal(record.lifecycle, 'active');
  });

  it('does not repeat NAME1 when NAME2 is a copy of it', () => {
    const record = expectMapped(mapDefault('vendor', vendorRow({ NAME1: 'ACME', NAME2: 'Acme' })));
    assert.equal(record.properties.name, 'ACME');
  });

  it('reads the phone in the region of the address country', () => {
    const record = expectMapped(
      mapDefault('vendor', vendorRow({ COUNTRY: 'GBR', PHONE: '020 7946 0018' })),
    );
    assert.equal(record.properties.phone, '+442079460018');
    assert.equal(record.properties.country, 'United Kingdom');
  });

  it('leaves an unknown country code out with a note', () => {
    const record = expectMapped(mapDefault('vendor', vendorRow({ COUNTRY: 'ZZZ' })));
    assert.equal(record.properties.country, undefined);
    assert.deepEqual(record.notes, [
      "COUNTRY 'ZZZ' is not a known ISO 3166 country code; country was not sent",
    ]);
    // The phone falls back to the connection region when the country says nothing.
    assert.equal(record.properties.phone, '+16175550100');
  });

  for (const status of VENDOR_STATUSES) {
    it(`maps VENDOR_STATUS ${status.code} (${status.label}) to lifecycle '${status.lifecycle}'`, () => {
      const record = expectMapped(mapDefault('vendor', vendorRow({ VENDOR_STATUS: status.code })));
      assert.equal(record.lifecycle, status.lifecycle);
      assert.equal(record.properties.ml_peoplesoft_status, `VENDOR_${status.code}`);
    });
  }

  it('keeps inactive vendors as records with lifecycle terminated', () => {
    const record = expectMapped(mapDefault('vendor', vendorRow({ VENDOR_STATUS: 'I' })));
    assert.equal(record.lifecycle, 'terminated');
  });

  it('needs both SETID and VENDOR_ID for the key', () => {
    const rejected = expectRejected(mapDefault('vendor', vendorRow({ SETID: '' })));
    assert.equal(rejected.sourceId, null);
    assert.deepEqual(rejected.reasons, ['SETID is missing']);
  });

  it('refuses a VENDOR_ID longer than the PeopleSoft column', () => {
    const rejected = expectRejected(mapDefault('vendor', vendorRow({ VENDOR_ID: '00000000123' })));
    assert.deepEqual(rejected.reasons, [
      "VENDOR_ID '00000000123' is longer than the 10 characters PeopleSoft allows",
    ]);
  });

  it("refuses ':' and spaces inside key parts, which would make ids ambiguous", () => {
    const colon = expectRejected(mapDefault('vendor', vendorRow({ SETID: 'SH:RE' })));
    assert.match(colon.reasons[0], /^SETID 'SH:RE' may only contain/);
    const space = expectRejected(mapDefault('vendor', vendorRow({ VENDOR_ID: '0000 12' })));
    assert.match(space.reasons[0], /^VENDOR_ID '0000 12' may only contain/);
  });
});

describe('default customer → company mapping', () => {
  it('maps every default property from an ML_CUSTOMERS row', () => {
    const record = expectMapped(mapDefault('customer', customerRow()));
    assert.deepEqual(record.properties, {
      address: '10 Downing Street',
      city: 'London',
      country: 'United Kingdom',
      ml_peoplesoft_id: 'customer:SHARE:C-100',
      ml_peoplesoft_status: 'CUSTOMER_A',
      name: 'Globex Ltd',
      phone: '+442079460018',
      zip: 'SW1A 2AA',
    });
    assert.equal(record.objectType, 'companies');
    assert.equal(record.lifecycle, 'active');
  });

  for (const status of CUSTOMER_STATUSES) {
    it(`maps CUST_STATUS ${status.code} (${status.label}) to lifecycle '${status.lifecycle}'`, () => {
      const record = expectMapped(
        mapDefault('customer', customerRow({ CUST_STATUS: status.code })),
      );
      assert.equal(record.lifecycle, status.lifecycle);
      assert.equal(record.properties.ml_peoplesoft_status, `CUSTOMER_${status.code}`);
    });
  }

  it('refuses vendor-only status codes', () => {
    const rejected = expectRejected(mapDefault('customer', customerRow({ CUST_STATUS: 'X' })));
    assert.deepEqual(rejected.reasons, [
      "CUST_STATUS 'X' is not a known customer status (A Active, I Inactive)",
    ]);
  });

  it('gives a vendor and a customer with the same SETID and number different ids', () => {
    const vendor = expectMapped(mapDefault('vendor', vendorRow({ VENDOR_ID: 'C-100' })));
    const customer = expectMapped(mapDefault('customer', customerRow({ CUST_ID: 'C-100' })));
    assert.notEqual(vendor.idValue, customer.idValue);
    assert.equal(vendor.idValue, 'vendor:SHARE:C-100');
    assert.equal(customer.idValue, 'customer:SHARE:C-100');
  });

  it('accepts a 15-character CUST_ID and refuses a 16-character one', () => {
    expectMapped(mapDefault('customer', customerRow({ CUST_ID: 'C'.repeat(15) })));
    const rejected = expectRejected(
      mapDefault('customer', customerRow({ CUST_ID: 'C'.repeat(16) })),
    );
    assert.match(rejected.reasons[0], /^CUST_ID 'C{16}' is longer than the 15 characters/);
  });
});
