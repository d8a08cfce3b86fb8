import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileMapping, MappingDocumentError } from './compile-mapping';
import { EMPLOYMENT_STATUSES } from './status-codes';
import { employeeRow, expectMapped, expectRejected, mapDefault } from './spec-support';

describe('default employee → contact mapping', () => {
  it('maps every default property from an ML_EMPLOYEES row', () => {
    const record = expectMapped(mapDefault('employee', employeeRow()));
    assert.deepEqual(record.properties, {
      email: 'ana.mcdonald@example.com',
      firstname: 'Ana',
      jobtitle: 'Senior Analyst',
      lastname: 'McDonald-Smith',
      ml_department: 'Finance',
      ml_employment_status: 'A',
      ml_peoplesoft_id: 'KU0001',
      phone: '+16175550101',
    });
    assert.equal(record.entity, 'employee');
    assert.equal(record.objectType, 'contacts');
    assert.equal(record.idProperty, 'ml_peoplesoft_id');
    assert.equal(record.idValue, 'KU0001');
    assert.equal(record.sourceId, 'KU0001');
    assert.equal(record.lifecycle, 'active');
    assert.equal(record.sourceUpdatedAt, '2026-11-27-14.03.11.000000');
    assert.deepEqual(record.notes, []);
  });

  it('trims names but keeps their case as PeopleSoft has it', () => {
    const record = expectMapped(
      mapDefault(
        'employee',
        employeeRow({ FIRST_NAME: '  jean-LUC ', LAST_NAME: 'VAN DER BERG  ' }),
      ),
    );
    assert.equal(record.properties.firstname, 'jean-LUC');
    assert.equal(record.properties.lastname, 'VAN DER BERG');
  });

  it('composes names to NFC so that the same name always hashes the same', () => {
    const decomposed = expectMapped(
      mapDefault('employee', employeeRow({ FIRST_NAME: 'Zoe\u0308' })),
    );
    const composed = expectMapped(mapDefault('employee', employeeRow({ FIRST_NAME: 'Zo\u00eb' })));
    assert.equal(decomposed.properties.firstname, 'Zo\u00eb');
    assert.equal(decomposed.contentHash, composed.contentHash);
  });

  it('trims and lower-cases the email the way HubSpot stores it', () => {
    const record = expectMapped(
      mapDefault('employee', employeeRow({ EMAIL_ADDR: "  First.O'Brien+HR@Sub.Example.CO.UK " })),
    );
    assert.equal(record.properties.email, "first.o'brien+hr@sub.example.co.uk");
  });

  it('normalises the work phone to E.164 in the connection default region', () => {
    const us = expectMapped(mapDefault('employee', employeeRow({ PHONE: '617.555.0101' })));
    assert.equal(us.properties.phone, '+16175550101');
    const gb = expectMapped(mapDefault('employee', employeeRow({ PHONE: '020 7946 0018' }), 'GB'));
    assert.equal(gb.properties.phone, '+442079460018');
    const international = expectMapped(
      mapDefault('employee', employeeRow({ PHONE: '+49 30 901820' }), 'US'),
    );
    assert.equal(international.properties.phone, '+4930901820');
  });

  it('accepts the default region in any case and refuses an unknown one', () => {
    const record = expectMapped(
      mapDefault('employee', employeeRow({ PHONE: '020 7946 0018' }), ' gb '),
    );
    assert.equal(record.properties.phone, '+442079460018');
    assert.throws(
      () => compileMapping('employee', undefined, { defaultRegion: 'ZZ' }),
      (error: unknown) =>
        error instanceof MappingDocumentError && /defaultRegion "ZZ"/.test(error.errors[0]),
    );
  });

  it('drops a phone extension with a note, since E.164 has none', () => {
    const record = expectMapped(
      mapDefault('employee', employeeRow({ PHONE: '617-555-0101 x123' })),
    );
    assert.equal(record.properties.phone, '+16175550101');
    assert.deepEqual(record.notes, ['PHONE extension 123 was left out: E.164 has no extensions']);
  });

  it('leaves an unparseable phone out with a note instead of rejecting the employee', () => {
    const record = expectMapped(mapDefault('employee', employeeRow({ PHONE: 'ask reception' })));
    assert.equal(record.properties.phone, undefined);
    assert.equal(record.notes.length, 1);
    assert.match(
      record.notes[0],
      /^PHONE 'ask reception' is not a valid phone number for US; phone was not sent$/,
    );
  });

  it('falls back to DEPTID when the department has no description', () => {
    const record = expectMapped(mapDefault('employee', employeeRow({ DEPT_DESCR: '   ' })));
    assert.equal(record.properties.ml_department, '10200');
  });

  it('leaves empty optional values out so HubSpot keeps what it has', () => {
    const record = expectMapped(
      mapDefault('employee', employeeRow({ EMAIL_ADDR: '', PHONE: null, JOBTITLE: '   ' })),
    );
    assert.equal('email' in record.properties, false);
    assert.equal('phone' in record.properties, false);
    assert.equal('jobtitle' in record.properties, false);
  });

  for (const status of EMPLOYMENT_STATUSES) {
    it(`maps EMPL_STATUS ${status.code} (${status.label}) to lifecycle '${status.lifecycle}'`, () => {
      const record = expectMapped(
        mapDefault('employee', employeeRow({ EMPL_STATUS: status.code })),
      );
      assert.equal(record.lifecycle, status.lifecycle);
      assert.equal(record.properties.ml_employment_status, status.code);
    });
  }

  it('keeps terminated employees as records with lifecycle terminated', () => {
    const record = expectMapped(mapDefault('employee', employeeRow({ EMPL_STATUS: 'T' })));
    assert.equal(record.lifecycle, 'terminated');
    assert.equal(record.properties.email, 'ana.mcdonald@example.com');
  });

  it('reads a lower-case or padded status code', () => {
    const record = expectMapped(mapDefault('employee', employeeRow({ EMPL_STATUS: ' u ' })));
    assert.equal(record.lifecycle, 'terminated');
    assert.equal(record.properties.ml_employment_status, 'U');
  });

  it('accepts numbers where some PeopleTools releases send them', () => {
    const record = expectMapped(
      mapDefault('employee', employeeRow({ EMPLID: 100234, EMPL_RCD: 0 })),
    );
    assert.equal(record.idValue, '100234');
  });

  it('reports LASTUPDDTTM in the canonical 26-character form', () => {
    const short = expectMapped(
      mapDefault('employee', employeeRow({ LASTUPDDTTM: '2026-11-27-14.03.11.5' })),
    );
    assert.equal(short.sourceUpdatedAt, '2026-11-27-14.03.11.500000');
    const bare = expectMapped(
      mapDefault('employee', employeeRow({ LASTUPDDTTM: '2026-11-27-14.03.11' })),
    );
    assert.equal(bare.sourceUpdatedAt, '2026-11-27-14.03.11.000000');
  });

  it('rejects a row without EMPLID and says so', () => {
    const rejected = expectRejected(mapDefault('employee', employeeRow({ EMPLID: '   ' })));
    assert.equal(rejected.sourceId, null);
    assert.deepEqual(rejected.reasons, ['EMPLID is missing']);
    assert.equal(rejected.entity, 'employee');
  });
});
