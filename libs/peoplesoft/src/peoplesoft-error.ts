export type PeopleSoftErrorKind =
  | 'auth'
  | 'routing'
  | 'permission'
  | 'unknown-user'
  | 'wrong-node'
  | 'gateway'
  | 'application'
  | 'timeout'
  | 'unreachable'
  | 'tls'
  | 'bad-response';

const RETRYABLE: ReadonlySet<PeopleSoftErrorKind> = new Set(['gateway', 'timeout', 'unreachable']);

export interface PeopleSoftErrorDetails {
  readonly status?: number;
  readonly messageSet?: number;
  readonly messageId?: number;
}

/**
 * Every failure talking to PeopleSoft, classified so a user can act on it: `message` names the
 * likely cause, `hint` the fix. Never carries credentials or tokens.
 */
export class PeopleSoftError extends Error {
  readonly status: number | undefined;
  readonly messageSet: number | undefined;
  readonly messageId: number | undefined;
  /** Worth retrying later without any change on either side. */
  readonly retryable: boolean;

  constructor(
    readonly kind: PeopleSoftErrorKind,
    message: string,
    readonly hint: string,
    details: PeopleSoftErrorDetails = {},
  ) {
    super(message);
    this.name = 'PeopleSoftError';
    this.status = details.status;
    this.messageSet = details.messageSet;
    this.messageId = details.messageId;
    this.retryable = RETRYABLE.has(kind);
  }

  /** The same error with its texts passed through a filter (used to scrub secrets). */
  mapTexts(filter: (text: string) => string): PeopleSoftError {
    const copy = new PeopleSoftError(this.kind, filter(this.message), filter(this.hint), {
      status: this.status,
      messageSet: this.messageSet,
      messageId: this.messageId,
    });
    return copy;
  }
}
