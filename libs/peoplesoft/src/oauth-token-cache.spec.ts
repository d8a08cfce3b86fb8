import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OAuthTokenCache, TokenTransport } from './oauth-token-cache';
import { PeopleSoftError } from './peoplesoft-error';
import { OAuth2Settings } from './peoplesoft-settings';

const settings: OAuth2Settings = {
  type: 'oauth2',
  tokenUrl: 'https://idp.example.com/oauth2/v1/token',
  clientId: 'ml connector',
  clientSecret: 's3cr3t:&',
  scope: 'psft',
};

interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

function fakeIdp(answers: Array<{ status: number; body: string }>): {
  transport: TokenTransport;
  calls: Call[];
} {
  const calls: Call[] = [];
  const transport: TokenTransport = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.shift();
    assert.ok(answer, 'unexpected token request');
    return answer;
  };
  return { transport, calls };
}

const token = (value: string, expiresIn: unknown = 3600): { status: number; body: string } => ({
  status: 200,
  body: JSON.stringify({ access_token: value, token_type: 'Bearer', expires_in: expiresIn }),
});

async function rejection(promise: Promise<unknown>): Promise<PeopleSoftError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PeopleSoftError);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('OAuthTokenCache', () => {
  it('asks for a client-credentials token with form-encoded HTTP Basic client authentication', async () => {
    const { transport, calls } = fakeIdp([token('t1')]);
    const cache = new OAuthTokenCache(settings, transport, () => 0);
    assert.equal(await cache.token(), 't1');
    const [call] = calls;
    assert.equal(call?.url, settings.tokenUrl);
    assert.equal(call?.init.method, 'POST');
    const headers = call?.init.headers as Record<string, string>;
    const basic = Buffer.from(
      headers['Authorization']?.replace('Basic ', '') ?? '',
      'base64',
    ).toString();
    assert.equal(basic, 'ml+connector:s3cr3t%3A%26');
    assert.equal(String(call?.init.body), 'grant_type=client_credentials&scope=psft');
  });

  it('sends the credentials in the body when asked to', async () => {
    const { transport, calls } = fakeIdp([token('t1')]);
    await new OAuthTokenCache({ ...settings, clientAuth: 'body' }, transport, () => 0).token();
    const form = new URLSearchParams(String(calls[0]?.init.body));
    assert.equal(form.get('client_id'), 'ml connector');
    assert.equal(form.get('client_secret'), 's3cr3t:&');
    assert.equal((calls[0]?.init.headers as Record<string, string>)['Authorization'], undefined);
  });

  it('reuses the token until shortly before expiry, then fetches a new one', async () => {
    let now = 1_000_000;
    const { transport, calls } = fakeIdp([token('t1', 3600), token('t2', '3600')]);
    const cache = new OAuthTokenCache(settings, transport, () => now);
    assert.equal(await cache.token(), 't1');
    now += 3540_000 - 1;
    assert.equal(await cache.token(), 't1');
    now += 1;
    assert.equal(await cache.token(), 't2');
    assert.equal(calls.length, 2);
  });

  it('shares one token request between concurrent callers', async () => {
    const { transport, calls } = fakeIdp([token('t1')]);
    const cache = new OAuthTokenCache(settings, transport, () => 0);
    const tokens = await Promise.all([cache.token(), cache.token(), cache.token()]);
    assert.deepEqual(tokens, ['t1', 't1', 't1']);
    assert.equal(calls.length, 1);
  });

  it('drops a refused token but not a newer one', async () => {
    const { transport } = fakeIdp([token('t1'), token('t2')]);
    const cache = new OAuthTokenCache(settings, transport, () => 0);
    await cache.token();
    cache.invalidate('t1');
    assert.equal(await cache.token(), 't2');
    cache.invalidate('t1');
    assert.equal(await cache.token(), 't2');
    assert.deepEqual(cache.tokensIssued(), ['t1', 't2']);
  });

  it('explains refused client credentials', async () => {
    const { transport } = fakeIdp([
      {
        status: 401,
        body: '{"error":"invalid_client","error_description":"client authentication failed"}',
      },
    ]);
    const error = await rejection(new OAuthTokenCache(settings, transport, () => 0).token());
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /HTTP 401 \(invalid_client: client authentication failed\)/);
    assert.match(error.hint, /clientAuth: 'body'/);
  });

  it('treats provider outages as retryable and nonsense as a bad response', async () => {
    const outage = await rejection(
      new OAuthTokenCache(
        settings,
        fakeIdp([{ status: 503, body: '<html>' }]).transport,
        () => 0,
      ).token(),
    );
    assert.equal(outage.kind, 'unreachable');
    assert.equal(outage.retryable, true);
    const empty = await rejection(
      new OAuthTokenCache(
        settings,
        fakeIdp([{ status: 200, body: '{"token_type":"Bearer"}' }]).transport,
        () => 0,
      ).token(),
    );
    assert.equal(empty.kind, 'bad-response');
    assert.match(empty.hint, /token endpoint/);
  });

  it('does not cache a failed request', async () => {
    const { transport } = fakeIdp([{ status: 500, body: '' }, token('t2')]);
    const cache = new OAuthTokenCache(settings, transport, () => 0);
    await rejection(cache.token());
    assert.equal(await cache.token(), 't2');
  });
});
