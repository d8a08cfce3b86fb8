import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyIbError, IbAnswer, IbErrorContext, isSplittable } from './classify-ib-error';
import { classifyTransportError } from './classify-transport-error';
import { PeopleSoftError } from './peoplesoft-error';

const context: IbErrorContext = {
  node: 'PSFT_HR',
  serviceOperation: 'QAS_EXECUTEQRY_REST_GET',
  target: 'query ML_EMPLOYEES',
  authType: 'basic',
};

function ibResponse(set: number, id: number, message: string): string {
  return (
    '<?xml version="1.0"?><IBResponse type="error"><DefaultTitle>Integration Broker Response</DefaultTitle>' +
    `<StatusCode>20</StatusCode><MessageSet>${set}</MessageSet><MessageID>${id}</MessageID>` +
    `<DefaultMessage>${message}</DefaultMessage><MessageParameters/></IBResponse>`
  );
}

function classify(answer: Partial<IbAnswer>, ctx: IbErrorContext = context): PeopleSoftError {
  return classifyIbError({ status: 200, contentType: 'text/xml', body: '', ...answer }, ctx);
}

const ROUTING_PAGE =
  '<html><head><title>RESTListeningConnector</title></head><body><h1>RESTListeningConnector</h1>' +
  '<p>Unable to find a Routing corresponding to the incoming request message.</p></body></html>';

describe('classifyIbError', () => {
  it('reads IBResponse errors sent with HTTP 200', () => {
    const error = classify({
      body: ibResponse(
        158,
        536,
        'User ML_SYNC not authorized to invoke Service Operation QAS_EXECUTEQRY_REST_GET. (158,536)',
      ),
    });
    assert.equal(error.kind, 'permission');
    assert.equal(error.status, 200);
    assert.equal(error.messageSet, 158);
    assert.equal(error.messageId, 536);
    assert.match(error.hint, /QAS_EXECUTEQRY_REST_GET to a permission list/);
    assert.equal(error.retryable, false);
  });

  it('names unknown users, gateway trouble, wrong nodes and other application errors', () => {
    assert.equal(
      classify({ body: ibResponse(158, 55, 'UserName not defined in database. (158,55)') }).kind,
      'unknown-user',
    );
    const oauthUser = classify(
      { body: ibResponse(158, 55, 'x') },
      { ...context, authType: 'oauth2' },
    );
    assert.match(oauthUser.hint, /claim/);
    const gateway = classify({
      status: 500,
      body: ibResponse(
        158,
        10721,
        'Integration Gateway - External System Contact Error (158,10721)',
      ),
    });
    assert.equal(gateway.kind, 'gateway');
    assert.equal(gateway.retryable, true);
    const node = classify({
      status: 500,
      body: ibResponse(158, 10502, 'No node definition found for node PSFT_XX.'),
    });
    assert.equal(node.kind, 'wrong-node');
    assert.match(node.hint, /Default Local Node/);
    const app = classify({ body: ibResponse(158, 10900, 'Query ML_X does not exist') });
    assert.equal(app.kind, 'application');
    assert.match(app.hint, /query access group/);
    const operation = classify(
      { body: ibResponse(999, 1, 'boom') },
      { ...context, serviceOperation: 'ML_EMPL_CHANGES_GET' },
    );
    assert.match(operation.hint, /handler of ML_EMPL_CHANGES_GET/);
  });

  it('recognises query time-outs whatever their message number', () => {
    for (const message of [
      'Query timed out. (0,0)',
      'ORA-01013: user requested cancel of current operation',
      'Query exceeded time limit',
    ]) {
      const error = classify({ body: ibResponse(0, 0, message) });
      assert.equal(error.kind, 'timeout', message);
      assert.equal(isSplittable(error), true, message);
    }
    assert.equal(classify({ body: ibResponse(1, 2, 'runtime output error') }).kind, 'application');
  });

  it('takes message numbers from the text when the elements are missing', () => {
    const error = classify({
      body: '<IBResponse type="error"><DefaultMessage>User X not authorized to invoke Service Operation Y. (158,536)</DefaultMessage>',
    });
    assert.equal(error.kind, 'permission');
    assert.equal(error.messageId, 536);
  });

  it('decodes XML entities and CDATA in messages and strips control characters', () => {
    const escaped = classify({ body: ibResponse(1, 2, 'a &lt; b &amp;&#32;c\u0000\u0007d') });
    assert.equal(
      escaped.message,
      'PeopleSoft reported an error for query ML_EMPLOYEES: a < b & c d',
    );
    const cdata = classify({ body: ibResponse(1, 2, '<![CDATA[x < y]]>') });
    assert.match(cdata.message, /: x < y$/);
  });

  it('treats the routing HTML page as a routing error even with HTTP 200', () => {
    const error = classify({ contentType: 'text/html', body: ROUTING_PAGE });
    assert.equal(error.kind, 'routing');
    assert.match(error.hint, /activate service operation QAS_EXECUTEQRY_REST_GET/);
  });

  it('classifies other HTML pages by status', () => {
    assert.equal(classify({ body: '<html><title>Sign in</title></html>' }).kind, 'bad-response');
    const proxy = classify({
      status: 504,
      contentType: 'text/html',
      body: '<html><title>504 Gateway Time-out</title></html>',
    });
    assert.equal(proxy.kind, 'gateway');
    assert.equal(isSplittable(proxy), true);
    const down = classify({ status: 503, body: '<!DOCTYPE html><p>down</p>' });
    assert.equal(down.kind, 'gateway');
    assert.equal(isSplittable(down), false);
    assert.equal(
      classify({ status: 404, contentType: 'text/plain', body: 'Not Found' }).kind,
      'routing',
    );
  });

  it('maps 401 to auth with a hint per authentication type', () => {
    assert.match(classify({ status: 401 }).hint, /OPRID and password/);
    assert.match(classify({ status: 401 }, { ...context, authType: 'oauth2' }).hint, /8\.58/);
  });

  it('bounds hostile bodies in messages', () => {
    const error = classify({ status: 500, contentType: 'text/plain', body: 'x'.repeat(50_000) });
    assert.equal(error.kind, 'bad-response');
    assert.ok(error.message.length < 400);
    assert.match(classify({ body: '' }).message, /an empty body/);
  });
});

describe('isSplittable', () => {
  it('is true only for errors a smaller window can avoid', () => {
    assert.equal(isSplittable(new PeopleSoftError('timeout', 'm', 'h')), true);
    assert.equal(
      isSplittable(new PeopleSoftError('gateway', 'm', 'h', { messageId: 10721 })),
      true,
    );
    assert.equal(isSplittable(new PeopleSoftError('gateway', 'm', 'h', { status: 502 })), false);
    assert.equal(isSplittable(new PeopleSoftError('auth', 'm', 'h')), false);
    assert.equal(isSplittable(new Error('timeout')), false);
    assert.equal(isSplittable(undefined), false);
  });
});

describe('classifyTransportError', () => {
  function wrapped(cause: object): Error {
    return Object.assign(new TypeError('fetch failed'), { cause });
  }

  it('maps aborts to timeout', () => {
    const error = classifyTransportError(
      new DOMException('aborted', 'TimeoutError'),
      'PeopleSoft',
      1500,
    );
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /within 1500 ms/);
  });

  it('maps refused connections and DNS failures to unreachable', () => {
    const refused = classifyTransportError(
      wrapped({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443' }),
      'PeopleSoft',
      1,
    );
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.hint, /firewall/);
    assert.equal(
      classifyTransportError(wrapped({ code: 'UND_ERR_CONNECT_TIMEOUT', message: 'x' }), 'P', 1)
        .kind,
      'unreachable',
    );
  });

  it('maps certificate failures to tls with the CA hint', () => {
    const error = classifyTransportError(
      wrapped({
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
        message: 'self-signed certificate in certificate chain',
      }),
      'PeopleSoft',
      1,
    );
    assert.equal(error.kind, 'tls');
    assert.match(error.hint, /CA \(PEM\)/);
  });

  it('passes PeopleSoftErrors through unchanged', () => {
    const original = new PeopleSoftError('auth', 'm', 'h');
    assert.equal(classifyTransportError(original, 'x', 1), original);
  });
});
