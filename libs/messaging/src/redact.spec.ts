import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactError, redactText, redactUrl, secretsOf } from './redact';

describe('redaction', () => {
  it('hides the password of an AMQP URL and keeps the rest', () => {
    const safe = redactUrl('amqp://writer:s3cret@rabbit.internal:5672/ml');
    assert.ok(!safe.includes('s3cret'), safe);
    assert.match(safe, /^amqp:\/\/writer:\*\*\*@rabbit\.internal:5672\/ml$/);
  });

  it('leaves a URL without a password alone', () => {
    assert.equal(redactUrl('amqp://rabbit.internal:5672/ml'), 'amqp://rabbit.internal:5672/ml');
  });

  it('hides userinfo of a URL it cannot parse', () => {
    assert.equal(redactUrl('amqp://writer:s3cret@[bad'), 'amqp://***@[bad');
  });

  it('knows the raw and percent-encoded forms of the password', () => {
    assert.deepEqual(secretsOf('amqp://u:p%40ss@host/v').sort(), ['p%40ss', 'p@ss']);
    assert.deepEqual(secretsOf('amqp://host/v'), []);
  });

  it('still finds the password of a URL it cannot parse, so error texts can be scrubbed', () => {
    const secrets = secretsOf('amqp://writer:s3cret@[bad');
    assert.deepEqual(secrets, ['s3cret']);
    assert.equal(
      redactText('Invalid URL amqp://writer:s3cret@[bad', secrets),
      'Invalid URL amqp://writer:***@[bad',
    );
  });

  it('scrubs both forms from text and from error messages, dropping the cause', () => {
    const secrets = secretsOf('amqp://u:p%40ss@host/v');
    assert.equal(redactText('login p@ss and p%40ss', secrets), 'login *** and ***');
    const original = Object.assign(new Error('refused for p@ss', { cause: new Error('p@ss') }), {
      code: 'ECONNREFUSED',
    });
    const safe = redactError(original, secrets);
    assert.equal(safe.message, 'refused for ***');
    assert.equal((safe as Error & { code?: string }).code, 'ECONNREFUSED');
    assert.equal(safe.cause, undefined);
  });
});
