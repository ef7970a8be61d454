import { Injectable } from '@nestjs/common';
import { ModuleQuizzes, type ModuleQuizSummary } from '../courses/index.js';
import { QuizzesRepository } from './quizzes.repository.js';

/** The courses module's port: the quiz each module of a course shows on the course page. */
@Injectable()
export class ModuleQuizzesReader extends ModuleQuizzes {
  constructor(private readonly repository: QuizzesRepository) {
    super();
  }

  async quizzesFor(moduleIds: string[], courseId: string): Promise<Map<string, ModuleQuizSummary>> {
    const quizzes = new Map<string, ModuleQuizSummary>();
    if (moduleIds.length === 0) return quizzes;
    // Rows come with the module's own quiz first and the course's own settings after, which win.
    for (const { moduleId, ...quiz } of await this.repository.quizzesOfModules(moduleIds, courseId)) {
      // A quiz without a question cannot be taken: the course page shows none.
      if (quiz.questionCount > 0) quizzes.set(moduleId, quiz);
      else quizzes.delete(moduleId);
    }
    return quizzes;
  }
}
