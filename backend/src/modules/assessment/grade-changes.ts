import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface RegradedAttempt {
  attemptId: string;
  userId: string;
  percent: number;
  passed: boolean;
}

/**
 * The hook for what depends on a quiz grade (module and course completion, issue 10): told of
 * every attempt whose grade a regrade changed, inside the regrade's transaction, so completion
 * can be recomputed atomically with the grade. Until completion exists the default does nothing;
 * issue 10 provides an implementation (`{ provide: GradeChangeListener, useClass: … }`).
 */
export abstract class GradeChangeListener {
  abstract attemptsRegraded(tx: EntityManager, attempts: RegradedAttempt[]): Promise<void>;
}

@Injectable()
export class NoCompletionYet extends GradeChangeListener {
  attemptsRegraded(): Promise<void> {
    return Promise.resolve();
  }
}
