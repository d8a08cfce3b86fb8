export * from './change-event';
export {
  AmqpConnection,
  type AmqpConnectionOptions,
  type ConnectedListener,
  type ConnectionClient,
  type DisconnectedListener,
} from './amqp-connection';
export { AmqpConsumer, type AmqpConsumerOptions, type DeliveryHandler } from './amqp-consumer';
export { DEFAULT_BACKOFF, fullJitterDelay, type BackoffOptions } from './backoff';
export {
  ConfirmPublisher,
  type ConfirmPublisherOptions,
  type PublishMessage,
} from './confirm-publisher';
export {
  DEAD_LETTER_QUEUE_HEADER,
  DEAD_LETTER_REASON_HEADER,
  DeadLetterPublisher,
  type DeadLetterPublisherOptions,
} from './dead-letter-publisher';
export type { Delivery, MalformedDelivery, ParsedDelivery } from './delivery';
export {
  ChannelClosedError,
  NotConnectedError,
  PublishNackedError,
  PublishTimeoutError,
  UnroutableMessageError,
} from './messaging-errors';
export {
  silentMessagingLogger,
  stderrMessagingLogger,
  type MessagingLogger,
} from './messaging-logger';
export { MessagingTopology, type MessagingTopologyOptions } from './messaging-topology';
export type { QueueDepth, QueueDepthEntry } from './queue-depth';
export { redactUrl } from './redact';
// Everything the module file exports (owned elsewhere), so the barrel never names a symbol it lacks.
export * from './messaging.module';
