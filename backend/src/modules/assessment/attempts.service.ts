import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { AttemptsRepository } from './attempts.repository.js';

/** Attempts: start, save, submit, read (docs/assessment.md). */
@Injectable()
export class AttemptsService {
  constructor(private readonly attempts: AttemptsRepository) {}

  /** The delayed job of a timed attempt: closes it on what was saved, unless it was submitted (then nothing to do). */
  @OnJob('assessment.close-attempt')
  async closeOverdueAttempt({ attemptId }: JobPayloads['assessment.close-attempt']): Promise<void> {
    await this.attempts.closeIfOverdue(attemptId);
  }
}
