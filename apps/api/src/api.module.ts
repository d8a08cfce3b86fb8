import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ConfigModule } from '@ml/config';
import { DatabaseModule } from '@ml/database';
import { MessagingModule } from '@ml/messaging';
import { OpsModule } from '@ml/runtime';
import { AdminModule } from './admin.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { apiValidationPipe } from './common/validation';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forApp('ml-connector-api'),
    MessagingModule.forApp('ml-connector-api'),
    OpsModule,
    ScheduleModule.forRoot(),
    AdminModule,
  ],
  controllers: [HealthController],
  providers: [
    { provide: APP_PIPE, useFactory: apiValidationPipe },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class ApiModule {}
