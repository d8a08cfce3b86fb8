import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyTransportError } from './classify-transport-error';
import { redactSecret } from './redact-secret';
import type { RequestAudit } from './request-audit';

const token = 'svc-key-0123456789';
const request: RequestAudit = {
  method: 'GET',
  path: '/account-info/2026-09/details',
  status: undefined,
  durationMs: 5,
  correlationId: undefined,
  rateLimit: undefined,
  startedAt: '2026-11-28T12:00:00.000Z',
};
const redact = (text: string) => redactSecret(text, token);

describe('classifyTransportError', () => {
  it('reports our own abort as a timeout', () => {
    const error = classifyTransportError(new Error('aborted'), true, 250, request, redact);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /no complete answer within 250 ms/);
  });

  it('recognises undici timeout codes, also on the cause', () => {
    const headers = Object.assign(new Error('Headers Timeout Error'), {
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });
    assert.equal(classifyTransportError(headers, false, 1, request, redact).kind, 'timeout');
    const wrapped = new Error('fetch failed', { cause: { code: 'UND_ERR_BODY_TIMEOUT' } });
    assert.equal(classifyTransportError(wrapped, false, 1, request, redact).kind, 'timeout');
  });

  it('makes resets and refusals retryable, with the code and no token', () => {
    const refused = Object.assign(new Error(`connect ECONNREFUSED (auth ${token})`), {
      code: 'ECONNREFUSED',
    });
    const error = classifyTransportError(refused, false, 1, request, redact);
    assert.equal(error.kind, 'retryable');
    assert.match(error.message, /\(ECONNREFUSED\)/);
    assert.ok(!error.message.includes(token));
    assert.equal(error.status, undefined);
  });
});
