/** A finished HTTP answer the server writes as is. */
export interface SimResponse {
  readonly status: number;
  readonly contentType: string;
  /** Bytes for the canned malformed answers (invalid UTF-8), text for everything else. */
  readonly body: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IbErrorSpec {
  readonly messageSet: number;
  readonly messageId: number;
  readonly message: string;
  /** Integration Broker answers most application errors with HTTP 200. */
  readonly httpStatus?: number;
  readonly parameters?: readonly string[];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The IBResponse error document, byte-for-byte in the shape Integration Broker sends. */
export function ibError(spec: IbErrorSpec): SimResponse {
  const parameters = (spec.parameters ?? []).map(
    (p) => `<keyinformation>${escapeXml(p)}</keyinformation>`,
  );
  const body =
    '<?xml version="1.0"?>' +
    '<IBResponse type="error">' +
    '<DefaultTitle>Integration Broker Response</DefaultTitle>' +
    '<StatusCode>20</StatusCode>' +
    `<MessageSet>${spec.messageSet}</MessageSet>` +
    `<MessageID>${spec.messageId}</MessageID>` +
    `<DefaultMessage>${escapeXml(spec.message)}</DefaultMessage>` +
    (parameters.length > 0
      ? `<MessageParameters>${parameters.join('')}</MessageParameters>`
      : '<MessageParameters/>') +
    '</IBResponse>';
  return { status: spec.httpStatus ?? 200, contentType: 'text/xml; charset=UTF-8', body };
}

export function notAuthorized(oprid: string, serviceOperation: string): SimResponse {
  return ibError({
    messageSet: 158,
    messageId: 536,
    message: `User ${oprid} not authorized to invoke Service Operation ${serviceOperation}. (158,536)`,
    parameters: [oprid, serviceOperation],
  });
}

export function userNotDefined(): SimResponse {
  return ibError({
    messageSet: 158,
    messageId: 55,
    message: 'UserName not defined in database. (158,55)',
  });
}

export function gatewayContactError(): SimResponse {
  return ibError({
    messageSet: 158,
    messageId: 10721,
    message: 'Integration Gateway - External System Contact Error (158,10721)',
    httpStatus: 500,
  });
}

/** PeopleSoft's wording here is not confirmed; what is known is HTTP 500 and message set 158. */
export function unknownNode(node: string): SimResponse {
  return ibError({
    messageSet: 158,
    messageId: 10502,
    message: `Integration Gateway: No node definition found for node ${node}. (158,10502)`,
    httpStatus: 500,
    parameters: [node],
  });
}

/** Query-level failures. Their message numbers are the simulator's own, not PeopleSoft's. */
export function queryError(message: string): SimResponse {
  return ibError({ messageSet: 158, messageId: 10900, message });
}

export function routingNotFound(): SimResponse {
  const body =
    '<html><head><title>RESTListeningConnector</title></head><body>' +
    '<h1>RESTListeningConnector</h1>' +
    '<p>Unable to find a Routing corresponding to the incoming request message.</p>' +
    '</body></html>';
  return { status: 200, contentType: 'text/html; charset=UTF-8', body };
}

export function unauthorized(scheme: 'Basic' | 'Bearer'): SimResponse {
  const body =
    '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>';
  const challenge = scheme === 'Basic' ? 'Basic realm="PSIGW"' : 'Bearer error="invalid_token"';
  return {
    status: 401,
    contentType: 'text/html; charset=UTF-8',
    body,
    headers: { 'WWW-Authenticate': challenge },
  };
}

export function json(status: number, value: unknown): SimResponse {
  return { status, contentType: 'application/json; charset=UTF-8', body: JSON.stringify(value) };
}

export function notFound(): SimResponse {
  return { status: 404, contentType: 'text/plain; charset=UTF-8', body: 'Not Found' };
}
