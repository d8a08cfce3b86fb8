import {
  DynamicModule,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { AmqpConnection } from './amqp-connection';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher } from './confirm-publisher';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { MessagingTopology } from './messaging-topology';

/** Connects at boot and closes last, after the publishers and consumers built on it. */
@Injectable()
class AmqpLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly consumer: AmqpConsumer,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop().catch(() => undefined);
    await this.publisher.close().catch(() => undefined);
    await this.deadLetters.close().catch(() => undefined);
    await this.connection.close();
  }
}

/** The Nest face of the plain messaging classes, one connection per app process. */
@Module({})
export class MessagingModule {
  static forApp(connectionName: string): DynamicModule {
    return {
      module: MessagingModule,
      // Global: health probes and metrics anywhere in the app read the one connection.
      global: true,
      providers: [
        {
          provide: AmqpConnection,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            new AmqpConnection({
              url: config.rabbitmqUrl,
              topology: new MessagingTopology({ prefix: config.queuePrefix }),
              connectionName,
            }),
        },
        {
          provide: ConfirmPublisher,
          inject: [AmqpConnection],
          useFactory: (c: AmqpConnection) => new ConfirmPublisher(c),
        },
        {
          provide: DeadLetterPublisher,
          inject: [AmqpConnection],
          useFactory: (c: AmqpConnection) => new DeadLetterPublisher(c),
        },
        {
          provide: AmqpConsumer,
          inject: [AmqpConnection],
          useFactory: (c: AmqpConnection) => new AmqpConsumer(c),
        },
        AmqpLifecycle,
      ],
      exports: [AmqpConnection, ConfirmPublisher, DeadLetterPublisher, AmqpConsumer],
    };
  }
}
