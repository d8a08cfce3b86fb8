import { isIbResponse, looksLikeHtml, readHtml, readIbResponse } from './ib-response';
import { PeopleSoftError } from './peoplesoft-error';
import { QAS_SERVICE_OPERATION } from './peoplesoft-settings';
import { quote } from './quote-text';

/** An HTTP answer that was not a usable result. */
export interface IbAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** What the request was, so the hint can name the exact object the administrator must fix. */
export interface IbErrorContext {
  readonly node: string;
  /** Service operation to activate and grant, e.g. QAS_EXECUTEQRY_REST_GET. */
  readonly serviceOperation: string;
  /** `query ML_EMPLOYEES` or `operation ML_EMPL_CHANGES.v1`. */
  readonly target: string;
  readonly authType: 'basic' | 'oauth2';
}

const MESSAGE_SET_IB = 158;

/** PeopleSoft's wording varies by release and database; these cover Query, IB and Oracle. */
const QUERY_TIMEOUT =
  /\btime[ds]?[\s-]*out\b|\btime limit\b|ORA-01013|canceling statement due to statement timeout/i;

function authHint(context: IbErrorContext): string {
  return context.authType === 'basic'
    ? 'Check the OPRID and password in the connection settings, and ask the PeopleSoft ' +
        'administrator whether the user profile is locked (PeopleTools > Security > User Profiles).'
    : 'A fresh token was refused too: check that PeopleSoft (PeopleTools 8.58+) trusts your ' +
        "identity provider's tokens and maps the token's subject or email claim to an existing OPRID.";
}

function fromIbResponse(answer: IbAnswer, context: IbErrorContext): PeopleSoftError {
  const { messageSet, messageId, message } = readIbResponse(answer.body);
  const details = { status: answer.status, messageSet, messageId };
  const said = quote(message) || 'an IBResponse error without a message';
  const is = (id: number, pattern: RegExp): boolean =>
    (messageSet === MESSAGE_SET_IB && messageId === id) || pattern.test(message);

  if (is(536, /not authorized to invoke Service Operation/i)) {
    return new PeopleSoftError(
      'permission',
      `PeopleSoft refused ${context.target}: ${said}`,
      `Add service operation ${context.serviceOperation} to a permission list of the user ` +
        '(PeopleTools > Security > Permissions & Roles > Permission Lists > Web Services, ' +
        "access Full) and, for queries, the query's records to that permission list's query tree.",
      details,
    );
  }
  if (is(55, /UserName not defined in database/i)) {
    return new PeopleSoftError(
      'unknown-user',
      `PeopleSoft does not know the user behind the request: ${said}`,
      context.authType === 'oauth2'
        ? "The token's claim maps to an OPRID that does not exist: align the claim mapping in " +
            "PeopleSoft's OAuth2 setup with a real user profile."
        : 'Check the OPRID spelling and the default user ID of the anonymous/local node.',
      details,
    );
  }
  if (is(10721, /External System Contact Error/i)) {
    return new PeopleSoftError(
      'gateway',
      `The Integration Gateway could not get an answer from the application server: ${said}`,
      'Often a query that runs longer than the gateway waits: a smaller window helps. If it ' +
        'persists, ask the administrator to check the application server and gateway logs.',
      details,
    );
  }
  if (QUERY_TIMEOUT.test(message)) {
    return new PeopleSoftError(
      'timeout',
      `PeopleSoft gave up running ${context.target}: ${said}`,
      'The window holds too many rows for the time PeopleSoft allows; a smaller window helps. ' +
        "Otherwise raise the query profile's time-out minutes or index LASTUPDDTTM.",
      details,
    );
  }
  if (answer.status >= 500 && messageSet === MESSAGE_SET_IB) {
    return new PeopleSoftError(
      'wrong-node',
      `PeopleSoft answered HTTP ${answer.status} (message set 158) for node ${context.node}: ${said}`,
      `This is what a wrong node name gives: check that "${context.node}" is the default local ` +
        'node (PeopleTools > Integration Broker > Integration Setup > Nodes, Default Local Node).',
      details,
    );
  }
  return new PeopleSoftError(
    'application',
    `PeopleSoft reported an error for ${context.target}: ${said}`,
    applicationHint(context),
    details,
  );
}

function applicationHint(context: IbErrorContext): string {
  if (context.serviceOperation === QAS_SERVICE_OPERATION) {
    return (
      `Check in Query Manager that the ${context.target} exists with that name and owner ` +
      '(public or private), that its prompts match the connection settings, and that the ' +
      "user's permission list has the query's records in a query access group tree."
    );
  }
  return `Check the handler of ${context.serviceOperation} and the parameters of its URI template.`;
}

function fromHtml(answer: IbAnswer, context: IbErrorContext): PeopleSoftError {
  const { title, text } = readHtml(answer.body);
  if (/Unable to find a Routing/i.test(text) || /RESTListeningConnector/i.test(title)) {
    return new PeopleSoftError(
      'routing',
      `PeopleSoft has no active routing for ${context.target} on node ${context.node}: ${quote(text)}`,
      `Ask the administrator to activate service operation ${context.serviceOperation} and its ` +
        'handler and to generate its any-to-local routing (PeopleTools > Integration Broker > ' +
        'Integration Setup > Service Operations); also check the node name and operation alias.',
      { status: answer.status },
    );
  }
  return gatewayOrUnexpected(answer, `an HTML page${title ? ` titled "${quote(title)}"` : ''}`);
}

function gatewayOrUnexpected(answer: IbAnswer, shape: string): PeopleSoftError {
  if (
    answer.status === 502 ||
    answer.status === 503 ||
    answer.status === 504 ||
    answer.status === 429
  ) {
    return new PeopleSoftError(
      'gateway',
      `A proxy or gateway in front of PeopleSoft answered HTTP ${answer.status} with ${shape}`,
      answer.status === 504
        ? 'The request took longer than the proxy waits: a smaller window helps.'
        : answer.status === 429
          ? 'A proxy in front of PeopleSoft limits the request rate; the next poll retries (a less frequent schedule helps).'
          : 'PeopleSoft or its web server is down or restarting; the next poll retries.',
      { status: answer.status },
    );
  }
  if (answer.status === 404) {
    return new PeopleSoftError(
      'routing',
      `Nothing answers at this address (HTTP 404 with ${shape})`,
      'Check host, port and path prefix (normally /PSIGW/RESTListeningConnector).',
      { status: 404 },
    );
  }
  return new PeopleSoftError(
    'bad-response',
    `PeopleSoft answered HTTP ${answer.status} with ${shape} instead of JSON`,
    'Check that the address points at the Integration Gateway (PSIGW) and not at a login page ' +
      'or a proxy, and that the output type is JSON.',
    { status: answer.status },
  );
}

/**
 * Turns an answer that is not a result into an error a user can act on. Integration Broker
 * reports application errors with HTTP 200, so the body decides, not the status.
 */
export function classifyIbError(answer: IbAnswer, context: IbErrorContext): PeopleSoftError {
  if (answer.status === 401) {
    return new PeopleSoftError(
      'auth',
      `PeopleSoft rejected the credentials (HTTP 401) for ${context.target}`,
      authHint(context),
      { status: 401 },
    );
  }
  if (isIbResponse(answer.body)) return fromIbResponse(answer, context);
  if (looksLikeHtml(answer.body, answer.contentType)) return fromHtml(answer, context);
  const trimmed = answer.body.trim();
  const shape =
    trimmed === '' ? 'an empty body' : `a body starting "${quote(trimmed.slice(0, 80))}"`;
  return gatewayOrUnexpected(answer, shape);
}

/**
 * The window was too big or too slow: a smaller one may succeed. Client-side timeouts, proxy
 * gateway timeouts, the gateway losing patience with the application server, and PeopleSoft's
 * own query time-outs all say so.
 */
export function isSplittable(error: unknown): boolean {
  if (!(error instanceof PeopleSoftError)) return false;
  if (error.kind === 'timeout') return true;
  return error.kind === 'gateway' && (error.status === 504 || error.messageId === 10721);
}
