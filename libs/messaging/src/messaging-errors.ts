/** No broker connection right now; the caller retries later (the connection reconnects itself). */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}

/** The channel closed before every message was confirmed: unconfirmed ones may or may not be stored. */
export class ChannelClosedError extends Error {
  override readonly name = 'ChannelClosedError';
}

/** The broker refused a message (nack): it was not stored. */
export class PublishNackedError extends Error {
  override readonly name = 'PublishNackedError';
}

/** The broker had no queue bound for the routing key, so the message went nowhere. */
export class UnroutableMessageError extends Error {
  override readonly name = 'UnroutableMessageError';
}

/** Confirms did not arrive in time (e.g. the broker blocked publishers on a resource alarm). */
export class PublishTimeoutError extends Error {
  override readonly name = 'PublishTimeoutError';
}
