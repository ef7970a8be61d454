import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import type { HealthResponseDto, LivenessResponseDto } from './health.dto.js';

const DATABASE_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
  ) {}

  /** Liveness: answering at all is the whole check (a restart would not fix a database outage). */
  live(): LivenessResponseDto {
    return { status: 'ok' };
  }

  /** Readiness (and GET /api/health): the database answers and the queue is reachable, else 503. */
  async check(): Promise<HealthResponseDto> {
    const [database, queue] = await Promise.all([this.database(), this.queue.health()]);
    if (database === 'up' && queue !== 'down') return { status: 'ok', database, queue };
    const failing = [database === 'down' && 'database', queue === 'down' && 'queue'].filter(Boolean);
    throw new DomainError(ErrorCode.ServiceUnavailable, `Unavailable: ${failing.join(', ')}`, { database, queue });
  }

  private async database(): Promise<'up' | 'down'> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_TIMEOUT_MS);
      return 'up';
    } catch {
      return 'down';
    }
  }
}
