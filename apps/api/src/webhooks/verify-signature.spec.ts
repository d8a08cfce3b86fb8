import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkSignatureV3, decodeListedEscapes } from './verify-signature';

const secret = 'client-secret-0123456789';
const uri = 'https://connector.example.com/webhooks/hubspot';
const body = Buffer.from('[{"eventId":1}]');
const now = 1_800_000_000_000;

function sign(s: string, u: string, b: Buffer, ts: string): string {
  return createHmac('sha256', s).update(`POST${u}${b.toString()}${ts}`).digest('base64');
}

describe('checkSignatureV3', () => {
  const ts = String(now - 1000);
  const good = {
    method: 'POST',
    uri,
    rawBody: body,
    timestamp: ts,
    signature: sign(secret, uri, body, ts),
  };

  it('accepts a correct signature', () => {
    assert.equal(checkSignatureV3(good, secret, now), 'ok');
  });
  it('refuses another secret, a changed body and a changed URI', () => {
    assert.equal(checkSignatureV3(good, 'other-secret-0123', now), 'bad-signature');
    assert.equal(
      checkSignatureV3({ ...good, rawBody: Buffer.from('[]') }, secret, now),
      'bad-signature',
    );
    assert.equal(checkSignatureV3({ ...good, uri: `${uri}x` }, secret, now), 'bad-signature');
    assert.equal(checkSignatureV3({ ...good, signature: 'AAAA' }, secret, now), 'bad-signature');
  });
  it('refuses timestamps older or later than 5 minutes, and missing headers', () => {
    const old = String(now - 5 * 60 * 1000 - 1);
    assert.equal(
      checkSignatureV3(
        { ...good, timestamp: old, signature: sign(secret, uri, body, old) },
        secret,
        now,
      ),
      'stale',
    );
    assert.equal(checkSignatureV3({ ...good, timestamp: 'soon' }, secret, now), 'stale');
    assert.equal(checkSignatureV3({ ...good, signature: undefined }, secret, now), 'missing');
  });
  it("decodes HubSpot's listed escapes in the URI before signing", () => {
    assert.equal(decodeListedEscapes('https://h/x%3Fa%3Db%2Cc'), 'https://h/x?a%3Db,c');
  });
});
