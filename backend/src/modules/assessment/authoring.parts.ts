import { GradeChangeListener, GradeNotifier } from './grade-changes.js';
import { ItemAnalysisRepository } from './item-analysis.repository.js';
import { ItemAnalysisService } from './item-analysis.service.js';
import { QuestionAuthoringController } from './question-authoring.controller.js';
import { QuestionAuthoringRepository } from './question-authoring.repository.js';
import { QuestionAuthoringService } from './question-authoring.service.js';
import { QuizAuthoringController } from './quiz-authoring.controller.js';
import { QuizSettingsRepository } from './quiz-settings.repository.js';
import { QuizSettingsService } from './quiz-settings.service.js';
import { RegradeRepository } from './regrade.repository.js';
import { RegradeService } from './regrade.service.js';

/** The authoring side of the assessment module (question bank, quiz settings, regrading, item analysis), listed in AssessmentModule. */
export const AUTHORING_CONTROLLERS = [QuestionAuthoringController, QuizAuthoringController];

export const AUTHORING_PROVIDERS = [
  QuestionAuthoringRepository,
  QuestionAuthoringService,
  QuizSettingsRepository,
  QuizSettingsService,
  RegradeRepository,
  RegradeService,
  ItemAnalysisRepository,
  ItemAnalysisService,
  // Tells the learning module's QuizGradeListener (completion) of every grade change.
  { provide: GradeChangeListener, useClass: GradeNotifier },
];
