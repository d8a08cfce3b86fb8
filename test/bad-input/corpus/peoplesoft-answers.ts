/**
 * Whole PeopleSoft answers that are not a usable result. Each is served once by the simulator
 * (rawAnswers) in place of the Integration Broker's answer and must come out of
 * PeopleSoftClient.fetchWindow as a PeopleSoftError of the expected kind whose message names
 * the problem; never as rows, never as a TypeError. docs/bad-input.md lists them one per line.
 */
import type { PeopleSoftErrorKind } from '@ml/peoplesoft';
import type { RawAnswer } from '@ml/peoplesoft-simulator';

export interface AnswerCase {
  readonly name: string;
  readonly answer: RawAnswer;
  readonly kind: PeopleSoftErrorKind;
  readonly message: RegExp;
  /** Worth retrying without any change (gateway trouble, time-outs). */
  readonly retryable?: boolean;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const XML_TYPE = 'text/xml; charset=UTF-8';
const HTML_TYPE = 'text/html; charset=UTF-8';

function ibResponse(set: number | string, id: number | string, message: string): string {
  return (
    '<?xml version="1.0"?><IBResponse type="error">' +
    '<DefaultTitle>Integration Broker Response</DefaultTitle><StatusCode>20</StatusCode>' +
    `<MessageSet>${set}</MessageSet><MessageID>${id}</MessageID>` +
    `<DefaultMessage>${message}</DefaultMessage><MessageParameters/></IBResponse>`
  );
}

const GOOD_ANSWER = JSON.stringify({
  status: 'success',
  data: {
    query: {
      numrows: 1,
      'queryname=': 'ML_EMPLOYEES',
      rows: [
        {
          'attr:rownumber': 1,
          'A.EMPLID': 'KU0001',
          'A.EMPL_STATUS': 'A',
          LASTUPDDTTM: '2026-11-27-14.03.11.000000',
        },
      ],
    },
  },
});

/** A body of `depth` nested lists: JSON no PeopleSoft release writes, deep enough to hurt. */
export function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

export const ANSWER_CASES: readonly AnswerCase[] = [
  // HTML and IBResponse bodies, whatever the status.
  {
    name: 'HTML login page with 200',
    answer: {
      contentType: HTML_TYPE,
      body: '<!DOCTYPE html><html><head><title>Oracle PeopleSoft Sign-in</title></head><body><form>User ID</form></body></html>',
    },
    kind: 'bad-response',
    message: /HTTP 200 with an HTML page titled "Oracle PeopleSoft Sign-in" instead of JSON/,
  },
  {
    name: 'HTML page sent as application/json with 200',
    answer: { contentType: JSON_TYPE, body: '<html><body>Service Unavailable</body></html>' },
    kind: 'bad-response',
    message: /HTTP 200 with an HTML page instead of JSON/,
  },
  {
    name: 'HTML routing error page with 200',
    answer: {
      contentType: HTML_TYPE,
      body: '<html><head><title>RESTListeningConnector</title></head><body><p>Unable to find a Routing corresponding to the incoming request message.</p></body></html>',
    },
    kind: 'routing',
    message: /no active routing for query ML_EMPLOYEES on node PSFT_HR/,
  },
  {
    name: 'HTML page with a script that must not be quoted',
    answer: {
      contentType: HTML_TYPE,
      body: '<html><head><title>Oops</title><script>alert("xss")</script></head><body>Error</body></html>',
    },
    kind: 'bad-response',
    message: /HTML page titled "Oops" instead of JSON$/,
  },
  {
    name: 'IBResponse application error with 200',
    answer: {
      contentType: XML_TYPE,
      body: ibResponse(158, 10999, 'Query ML_EMPLOYEES failed: invalid prompt. (158,10999)'),
    },
    kind: 'application',
    message: /reported an error for query ML_EMPLOYEES: Query ML_EMPLOYEES failed: invalid prompt/,
  },
  {
    name: 'IBResponse permission error with 200',
    answer: {
      contentType: XML_TYPE,
      body: ibResponse(
        158,
        536,
        'User ML_SYNC not authorized to invoke Service Operation QAS_EXECUTEQRY_REST_GET. (158,536)',
      ),
    },
    kind: 'permission',
    message: /refused query ML_EMPLOYEES: User ML_SYNC not authorized/,
  },
  {
    name: 'IBResponse unknown user with 200',
    answer: {
      contentType: XML_TYPE,
      body: ibResponse(158, 55, 'UserName not defined in database. (158,55)'),
    },
    kind: 'unknown-user',
    message: /does not know the user behind the request/,
  },
  {
    name: 'IBResponse gateway contact error with 500',
    answer: {
      status: 500,
      contentType: XML_TYPE,
      body: ibResponse(
        158,
        10721,
        'Integration Gateway - External System Contact Error (158,10721)',
      ),
    },
    kind: 'gateway',
    message: /Integration Gateway could not get an answer/,
    retryable: true,
  },
  {
    name: 'IBResponse query time-out with 200',
    answer: {
      contentType: XML_TYPE,
      body: ibResponse(158, 10900, 'Query timed out after 300 seconds (ORA-01013).'),
    },
    kind: 'timeout',
    message: /gave up running query ML_EMPLOYEES/,
    retryable: true,
  },
  {
    name: 'IBResponse wrong node with 500',
    answer: {
      status: 500,
      contentType: XML_TYPE,
      body: ibResponse(158, 10502, 'No node definition found for node PSFT_XX. (158,10502)'),
    },
    kind: 'wrong-node',
    message: /HTTP 500 \(message set 158\) for node PSFT_HR/,
  },
  {
    name: 'IBResponse cut off before its closing tag',
    answer: {
      contentType: XML_TYPE,
      body: '<?xml version="1.0"?><IBResponse type="error"><MessageSet>158</MessageSet><MessageID>10999</MessageID><DefaultMessage>Partial message</DefaultMessage><Message',
    },
    kind: 'application',
    message: /Partial message/,
  },
  {
    name: 'IBResponse without a DefaultMessage',
    answer: { contentType: XML_TYPE, body: '<IBResponse type="error"></IBResponse>' },
    kind: 'application',
    message: /an IBResponse error without a message/,
  },
  {
    name: 'IBResponse sent as application/json',
    answer: {
      contentType: JSON_TYPE,
      body: ibResponse(158, 10999, 'Simulated application error. (158,10999)'),
    },
    kind: 'application',
    message: /Simulated application error/,
  },
  {
    name: 'IBResponse after a byte-order mark',
    answer: {
      contentType: XML_TYPE,
      body: `\uFEFF${ibResponse(158, 10999, 'With a BOM. (158,10999)')}`,
    },
    kind: 'application',
    message: /With a BOM/,
  },
  {
    name: 'IBResponse with non-numeric message set and id',
    answer: { contentType: XML_TYPE, body: ibResponse('abc', '-1', 'Odd numbers.') },
    kind: 'application',
    message: /Odd numbers/,
  },
  {
    name: 'IBResponse message with control characters and a NUL',
    answer: {
      contentType: XML_TYPE,
      body: ibResponse(158, 10999, 'Line one\u0000\u0007\r\nline two'),
    },
    kind: 'application',
    message: /Line one line two$/,
  },
  {
    name: 'IBResponse message of 10,000 characters',
    answer: { contentType: XML_TYPE, body: ibResponse(158, 10999, 'E'.repeat(10_000)) },
    kind: 'application',
    message: /E{300}…$/,
  },
  // Bodies that are not JSON at all.
  {
    name: 'empty body with 200',
    answer: { contentType: JSON_TYPE, body: '' },
    kind: 'bad-response',
    message: /is not valid JSON .*cut off/,
  },
  {
    name: 'white space only with 200',
    answer: { contentType: JSON_TYPE, body: '  \r\n\t ' },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'JSON cut off in the middle of a row',
    answer: { contentType: JSON_TYPE, body: GOOD_ANSWER.slice(0, GOOD_ANSWER.length - 40) },
    kind: 'bad-response',
    message: /is not valid JSON .*it may have been cut off/,
  },
  {
    name: 'JSON cut off after the opening brace',
    answer: { contentType: JSON_TYPE, body: '{' },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'JSON with a trailing comma',
    answer: { contentType: JSON_TYPE, body: '{"status":"success","data":{"query":{"rows":[],}}}' },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'JSON with single quotes',
    answer: { contentType: JSON_TYPE, body: "{'status':'success'}" },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'JSON with a NUL byte between members',
    answer: { contentType: JSON_TYPE, body: '{"status":"success",\u0000"data":{}}' },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'JSON followed by garbage',
    answer: { contentType: JSON_TYPE, body: `${GOOD_ANSWER}<!-- proxy footer -->` },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'two JSON documents back to back',
    answer: { contentType: JSON_TYPE, body: `${GOOD_ANSWER}${GOOD_ANSWER}` },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'anti-JSON-hijacking prefix',
    answer: { contentType: JSON_TYPE, body: `)]}'\n${GOOD_ANSWER}` },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'XMLP output type instead of JSON',
    answer: {
      contentType: XML_TYPE,
      body: '<?xml version="1.0"?><query numrows="1" queryname="ML_EMPLOYEES"><row rownumber="1"><EMPLID>KU0001</EMPLID></row></query>',
    },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'plain text OK with 200',
    answer: { contentType: 'text/plain', body: 'OK' },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'body of invalid UTF-8 bytes',
    answer: { contentType: JSON_TYPE, body: Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81]) },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'UTF-16LE encoded JSON',
    answer: { contentType: JSON_TYPE, body: Buffer.from(`\uFEFF${GOOD_ANSWER}`, 'utf16le') },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  {
    name: 'gzip bytes without Content-Encoding',
    answer: {
      contentType: 'application/octet-stream',
      body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]),
    },
    kind: 'bad-response',
    message: /is not valid JSON/,
  },
  // JSON of the wrong shape.
  {
    name: 'JSON null',
    answer: { contentType: JSON_TYPE, body: 'null' },
    kind: 'bad-response',
    message: /is null, not an object/,
  },
  {
    name: 'JSON number',
    answer: { contentType: JSON_TYPE, body: '42' },
    kind: 'bad-response',
    message: /is 42, not an object/,
  },
  {
    name: 'JSON string',
    answer: { contentType: JSON_TYPE, body: '"success"' },
    kind: 'bad-response',
    message: /is "success", not an object/,
  },
  {
    name: 'JSON true',
    answer: { contentType: JSON_TYPE, body: 'true' },
    kind: 'bad-response',
    message: /is true, not an object/,
  },
  {
    name: 'status error with a message',
    answer: {
      contentType: JSON_TYPE,
      body: '{"status":"error","message":"Query ML_EMPLOYEES is not valid"}',
    },
    kind: 'application',
    message: /reported status "error" for query ML_EMPLOYEES: Query ML_EMPLOYEES is not valid/,
  },
  {
    name: 'status failure without a message',
    answer: { contentType: JSON_TYPE, body: '{"status":"failure"}' },
    kind: 'application',
    message: /reported status "failure"/,
  },
  {
    name: 'status success without data',
    answer: { contentType: JSON_TYPE, body: '{"status":"success"}' },
    kind: 'bad-response',
    message: /has no rows member/,
  },
  {
    name: 'data as a list',
    answer: { contentType: JSON_TYPE, body: '{"status":"success","data":[]}' },
    kind: 'bad-response',
    message: /has no rows member/,
  },
  {
    name: 'rows as a string',
    answer: { contentType: JSON_TYPE, body: '{"status":"success","data":{"query":{"rows":"x"}}}' },
    kind: 'bad-response',
    message: /has rows of type string/,
  },
  {
    name: 'rows as a number',
    answer: { contentType: JSON_TYPE, body: '{"status":"success","data":{"query":{"rows":42}}}' },
    kind: 'bad-response',
    message: /has rows of type number/,
  },
  {
    name: 'rows as true',
    answer: {
      contentType: JSON_TYPE,
      body: '{"status":"success","data":{"query":{"numrows":1,"rows":true}}}',
    },
    kind: 'bad-response',
    message: /has rows of type boolean/,
  },
  {
    name: 'query as a string',
    answer: {
      contentType: JSON_TYPE,
      body: '{"status":"success","data":{"query":"ML_EMPLOYEES"}}',
    },
    kind: 'bad-response',
    message: /has no rows member/,
  },
  {
    name: 'status as an object next to no rows',
    answer: { contentType: JSON_TYPE, body: '{"status":{"code":1},"data":{}}' },
    kind: 'bad-response',
    message: /has no rows member/,
  },
  // Statuses that are not 200.
  {
    name: '500 with an empty body',
    answer: { status: 500, contentType: 'text/plain', body: '' },
    kind: 'bad-response',
    message: /HTTP 500 with an empty body instead of JSON/,
  },
  {
    name: '500 with a JSON body',
    answer: { status: 500, contentType: JSON_TYPE, body: '{"error":"NullPointerException"}' },
    kind: 'bad-response',
    message: /HTTP 500 with a body starting "\{"error":"NullPointerException"\}"/,
  },
  {
    name: '502 proxy page',
    answer: {
      status: 502,
      contentType: HTML_TYPE,
      body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
    },
    kind: 'gateway',
    message: /proxy or gateway .* HTTP 502 with an HTML page titled "502 Bad Gateway"/,
    retryable: true,
  },
  {
    name: '503 with an empty body',
    answer: { status: 503, contentType: 'text/plain', body: '' },
    kind: 'gateway',
    message: /HTTP 503 with an empty body/,
    retryable: true,
  },
  {
    name: '504 gateway time-out',
    answer: { status: 504, contentType: 'text/plain', body: 'Gateway Timeout' },
    kind: 'gateway',
    message: /HTTP 504 with a body starting "Gateway Timeout"/,
    retryable: true,
  },
  {
    name: '404 plain text',
    answer: { status: 404, contentType: 'text/plain', body: 'Not Found' },
    kind: 'routing',
    message: /Nothing answers at this address \(HTTP 404/,
  },
  {
    name: '401 with a JSON body',
    answer: { status: 401, contentType: JSON_TYPE, body: '{"error":"invalid_token"}' },
    kind: 'auth',
    message: /rejected the credentials \(HTTP 401\) for query ML_EMPLOYEES/,
  },
  {
    name: '403 forbidden page',
    answer: {
      status: 403,
      contentType: HTML_TYPE,
      body: '<html><head><title>403 Forbidden</title></head></html>',
    },
    kind: 'bad-response',
    message: /HTTP 403 with an HTML page titled "403 Forbidden"/,
  },
  {
    name: '204 with no body',
    answer: { status: 204, contentType: JSON_TYPE, body: '' },
    kind: 'bad-response',
    message: /HTTP 204 with an empty body instead of JSON/,
  },
  {
    name: '500 whose body echoes the password',
    answer: {
      status: 500,
      contentType: 'text/plain',
      body: 'login failed for ML_SYNC:__PASSWORD__',
    },
    kind: 'bad-response',
    message: /HTTP 500 with a body starting "login failed for \*\*\*" instead of JSON/,
  },
];
