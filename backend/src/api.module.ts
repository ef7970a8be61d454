import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { AccessGuard } from './common/auth/access.guard.js';
import { RouteRegistry } from './common/auth/route-registry.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { MailModule } from './infra/mail/mail.module.js';
import { RateLimitModule } from './infra/rate-limit/rate-limit.module.js';
import { StorageModule } from './infra/storage/storage.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { OutboxModule } from './infra/queue/outbox.js';
import { FEATURE_MODULES } from './modules/feature-modules.js';
import { JOBS } from './modules/jobs.js';
import { HealthModule } from './modules/health/index.js';
import { QueueBoardModule } from './modules/queue-board/index.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger, 'api'),
        DatabaseModule.forRoot(config, 'htmse-api'),
        QueueModule.forRoot(config, JOBS),
        OutboxModule,
        MailModule.forRoot(config),
        RateLimitModule.forRoot(config),
        StorageModule.forRoot(config),
        DiscoveryModule,
        HealthModule,
        QueueBoardModule,
        ...FEATURE_MODULES,
      ],
      providers: [
        // Every route passes this guard; RouteRegistry fails boot if a route declares no rule.
        { provide: APP_GUARD, useClass: AccessGuard },
        RouteRegistry,
      ],
    };
  }
}
