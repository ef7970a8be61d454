import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { MailModule } from './infra/mail/mail.module.js';
import { RateLimitModule } from './infra/rate-limit/rate-limit.module.js';
import { StorageModule } from './infra/storage/storage.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { OutboxModule } from './infra/queue/outbox.js';
import { FEATURE_MODULES } from './modules/feature-modules.js';
import { JOBS } from './modules/jobs.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger, 'worker'),
        DatabaseModule.forRoot(config, 'htmse-worker'),
        QueueModule.forRoot(config, JOBS),
        OutboxModule,
        MailModule.forRoot(config),
        RateLimitModule.forRoot(config),
        StorageModule.forRoot(config),
        ...FEATURE_MODULES,
      ],
    };
  }
}
