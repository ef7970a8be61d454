/** What the course page shows of a module's quiz. */
export interface ModuleQuizSummary {
  id: string;
  questionCount: number;
  passMark: number;
  timeLimitSeconds: number | null;
  maxAttempts: number | null;
}

/**
 * The port through which a course's syllabus shows each module's quiz. The assessment module
 * provides it (it owns quizzes and depends on this module), so courses imports no assessment code.
 */
export abstract class ModuleQuizzes {
  /**
   * The quiz of each module as the course gives it: the course's own quiz settings when it has
   * them (tailored courses), else the module's quiz. A module without a quiz is absent from the map.
   */
  abstract quizzesFor(moduleIds: string[], courseId: string): Promise<Map<string, ModuleQuizSummary>>;
}
