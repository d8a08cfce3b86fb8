import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LOCKED_MIN_WAIT_MS,
  badResponse,
  classifyErrorResponse,
  parsePropertyErrors,
  type RawResponse,
} from './classify-response';
import { redactSecret } from './redact-secret';
import type { RequestAudit } from './request-audit';

const token = 'pat-na1-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const redact = (text: string) => redactSecret(text, token);
const request: RequestAudit = {
  method: 'POST',
  path: '/crm/objects/2026-09/contacts/batch/upsert',
  status: 0,
  durationMs: 1,
  correlationId: undefined,
  rateLimit: undefined,
  startedAt: '2026-11-28T12:00:00.000Z',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): RawResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    text: JSON.stringify(body),
  };
}

const classify = (response: RawResponse) => classifyErrorResponse(response, request, redact, 0);

describe('classifyErrorResponse', () => {
  it('reads a ten-secondly 429 with its policy, correlation id and Retry-After', () => {
    const error = classify(
      json(
        429,
        {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: 'c-429',
          policyName: 'TEN_SECONDLY_ROLLING',
        },
        { 'retry-after': '2' },
      ),
    );
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.policy, 'TEN_SECONDLY_ROLLING');
    assert.equal(error.retryAfterMs, 2_000);
    assert.equal(error.correlationId, 'c-429');
    assert.equal(error.status, 429);
  });

  it('tells the daily limit apart, and leaves retryAfter unset without the header', () => {
    const error = classify(
      json(429, { message: 'You have reached your daily limit.', policyName: 'DAILY' }),
    );
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.policy, 'DAILY');
    assert.equal(error.retryAfterMs, undefined);
  });

  it('parses the property errors of a whole-batch 400', () => {
    const error = classify(
      json(400, {
        status: 'error',
        message:
          'Property values were not valid: [{"isValid":false,"message":"Email address x@ is invalid","error":"INVALID_EMAIL","name":"email"}]',
        correlationId: 'c-400',
        category: 'VALIDATION_ERROR',
      }),
    );
    assert.equal(error.kind, 'validation');
    assert.equal(error.category, 'VALIDATION_ERROR');
    assert.deepEqual(error.propertyErrors, [
      { name: 'email', error: 'INVALID_EMAIL', message: 'Email address x@ is invalid' },
    ]);
    assert.match(error.message, /answered 400 VALIDATION_ERROR: Property values were not valid/);
  });

  it('classifies 401 and 403 and scrubs an echoed token', () => {
    const auth = classify(
      json(401, { message: `The token ${token} is not valid`, category: 'INVALID_AUTHENTICATION' }),
    );
    assert.equal(auth.kind, 'auth');
    assert.ok(!auth.message.includes(token));
    assert.match(auth.message, /\[redacted\]/);
    const scopes = classify(json(403, { message: 'missing scopes', category: 'MISSING_SCOPES' }));
    assert.equal(scopes.kind, 'forbidden');
    assert.equal(scopes.category, 'MISSING_SCOPES');
  });

  it('makes 5xx (JSON or HTML), 521-524 and 477 retryable', () => {
    const html: RawResponse = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      text: '<html><head><title>502 Bad Gateway</title></head></html>',
    };
    const bad = classify(html);
    assert.equal(bad.kind, 'retryable');
    assert.match(bad.message, /an HTML page \(502 Bad Gateway\)/);
    for (const status of [500, 503, 504, 521, 523, 524]) {
      assert.equal(classify(json(status, { message: 'x' })).kind, 'retryable', String(status));
    }
    const migrating = classify(
      json(477, { message: 'Migration in progress' }, { 'retry-after': '30' }),
    );
    assert.equal(migrating.kind, 'retryable');
    assert.equal(migrating.retryAfterMs, 30_000);
  });

  it('waits at least two seconds after 423 Locked', () => {
    assert.equal(classify(json(423, { message: 'locked' })).retryAfterMs, LOCKED_MIN_WAIT_MS);
    const longer = classify(json(423, { message: 'locked' }, { 'retry-after': '5' }));
    assert.equal(longer.retryAfterMs, 5_000);
  });

  it('names the right hublet, and rejects other 4xx', () => {
    const hublet = classify(json(401, { message: 'wrong hublet', correctHublet: 'eu1' }));
    assert.equal(hublet.kind, 'wrong-hublet');
    assert.equal(hublet.correctHublet, 'eu1');
    const notFound: RawResponse = { status: 404, headers: {}, text: '' };
    const rejected = classify(notFound);
    assert.equal(rejected.kind, 'rejected');
    assert.match(rejected.message, /answered 404: an empty body/);
    assert.equal(classify(json(409, { message: 'exists', category: 'CONFLICT' })).kind, 'rejected');
  });

  it('takes the correlation id from the header when the body lacks one', () => {
    const error = classify({
      status: 500,
      headers: { 'x-hubspot-correlation-id': 'h-1' },
      text: '',
    });
    assert.equal(error.correlationId, 'h-1');
  });
});

describe('parsePropertyErrors', () => {
  it('is empty for messages without a readable list', () => {
    assert.deepEqual(
      parsePropertyErrors('Duplicate IDs found in batch input: [E1]. IDs must be unique'),
      [],
    );
    assert.deepEqual(parsePropertyErrors('no list here'), []);
  });
});

describe('badResponse', () => {
  it('retries an HTML 200 from a proxy but not a malformed JSON answer', () => {
    const html = badResponse(
      { status: 200, headers: { 'content-type': 'text/html' }, text: '<html></html>' },
      request,
      'x',
    );
    assert.equal(html.kind, 'retryable');
    const garbled = badResponse({ status: 200, headers: {}, text: '[1,2]' }, request, 'a list');
    assert.equal(garbled.kind, 'bad-response');
    assert.match(garbled.message, /answered 200 with a list/);
  });
});
