import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ModuleQuizSummary } from '../courses/index.js';
import { QUESTION_COUNT_SQL } from './quizzes.sql.js';

/** Reads of quizzes and their settings. */
@Injectable()
export class QuizzesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The module quizzes and the course's own quizzes of these modules, module quizzes first. */
  quizzesOfModules(moduleIds: string[], courseId: string): Promise<(ModuleQuizSummary & { moduleId: string })[]> {
    return this.db.query(
      `SELECT z.id, z.module_id AS "moduleId", z.pass_mark AS "passMark", z.time_limit_seconds AS "timeLimitSeconds",
              z.max_attempts AS "maxAttempts", ${QUESTION_COUNT_SQL('z')} AS "questionCount"
         FROM quizzes z
        WHERE z.module_id = ANY($1) AND (z.course_id IS NULL OR z.course_id = $2)
        ORDER BY z.course_id NULLS FIRST`,
      [moduleIds, courseId],
    );
  }
}
