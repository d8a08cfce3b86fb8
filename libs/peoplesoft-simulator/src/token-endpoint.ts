import { AuthRegistry } from './auth-registry';
import { json, SimResponse } from './ib-responses';
import { RequestCounters } from './request-counters';

/**
 * The identity provider's client-credentials token endpoint (RFC 6749 §4.4). Client
 * credentials may come in the form body or as HTTP Basic, as real providers accept both.
 */
export function issueToken(
  auth: AuthRegistry,
  counters: RequestCounters,
  body: string,
  authorization: string | undefined,
): SimResponse {
  counters.tokenRequests++;
  const form = new URLSearchParams(body);
  if (form.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'only client_credentials is supported',
    });
  }
  let clientId = form.get('client_id') ?? '';
  let clientSecret = form.get('client_secret') ?? '';
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = formDecode(decoded.slice(0, Math.max(colon, 0)));
    clientSecret = formDecode(decoded.slice(colon + 1));
  }
  const token = auth.issueToken(clientId, clientSecret, form.get('scope') ?? undefined);
  if (!token)
    return json(401, {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
  counters.tokensIssued++;
  return json(200, token);
}

/** RFC 6749 §2.3.1 form-encodes Basic client credentials; a stray % must fail auth, not crash. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return '';
  }
}
