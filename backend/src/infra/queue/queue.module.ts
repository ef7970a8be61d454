import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { BullmqJobQueue } from './bullmq-job-queue.js';
import { InlineJobQueue } from './inline-job-queue.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { JobQueue } from './job-queue.js';
import { JobCatalogue } from './job.types.js';

@Global()
@Module({})
export class QueueModule {
  /** `jobs`: every job and its queue (modules/jobs.ts); infra knows none of them itself. */
  static forRoot(config: AppConfig, jobs: JobCatalogue): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: JobCatalogue, useValue: jobs },
        JobHandlerRegistry,
        {
          provide: JobQueue,
          inject: [JobHandlerRegistry, LOGGER],
          useFactory: (registry: JobHandlerRegistry, logger: Logger): JobQueue => {
            const { driver, redisUrl, prefix } = config.queue;
            if (driver === 'bullmq' && redisUrl) return new BullmqJobQueue({ redisUrl, prefix }, jobs, logger);
            return new InlineJobQueue(registry, logger);
          },
        },
      ],
      exports: [JobQueue, JobHandlerRegistry, JobCatalogue],
    };
  }
}
