import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The assessment module's own error codes, each with its HTTP status (docs/assessment.md). */
export const AssessmentErrors = moduleErrorCodes({
  AttemptClosed: {
    code: 'ATTEMPT_CLOSED',
    status: 409,
    meaning: 'The attempt is submitted or past its time limit (plus the grace period): answers can no longer change.',
  },
  AttemptVersionConflict: {
    code: 'ATTEMPT_VERSION_CONFLICT',
    status: 409,
    meaning: 'The answers were saved from another tab or device since this one loaded them; details.currentVersion says the current version.',
  },
  NoAttemptsLeft: {
    code: 'NO_ATTEMPTS_LEFT',
    status: 409,
    meaning: 'The learner has used every attempt the quiz allows.',
  },
  AttemptWait: {
    code: 'ATTEMPT_WAIT',
    status: 409,
    meaning: 'The quiz asks for a wait between attempts; details.nextAttemptAt says when the next may start.',
  },
  QuizClosed: {
    code: 'QUIZ_CLOSED',
    status: 409,
    meaning: 'The quiz closed at its close date: no attempt can start.',
  },
  QuizVersionConflict: {
    code: 'QUIZ_VERSION_CONFLICT',
    status: 409,
    meaning: 'The quiz settings were changed by someone else since they were loaded; details.currentVersion says the current version.',
  },
});
