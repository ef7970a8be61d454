import { Global, Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { RateLimitCounter } from './rate-limit-counter.entity.js';
import { PostgresRateLimiter, RateLimiter, RedisRateLimiter } from './rate-limiter.js';

@Global()
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [TypeOrmModule.forFeature([RateLimitCounter])],
      providers: [
        {
          provide: RateLimiter,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource): RateLimiter =>
            config.queue.redisUrl ? new RedisRateLimiter(config.queue.redisUrl, config.queue.prefix) : new PostgresRateLimiter(dataSource),
        },
      ],
      exports: [RateLimiter],
    };
  }
}
