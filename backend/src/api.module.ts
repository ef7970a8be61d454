import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { FEATURE_MODULES } from './modules/feature-modules.js';
import { HealthModule } from './modules/health/health.module.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger, 'api'),
        DatabaseModule.forRoot(config, 'htmse-api'),
        QueueModule.forRoot(config),
        HealthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
