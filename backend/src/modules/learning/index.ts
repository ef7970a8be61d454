// The learning module's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { LearningModule } from './learning.module.js';
export { LearningErrors } from './learning.errors.js';
export { LEARNING_JOBS } from './learning.jobs.js';
// The writer of learning records (xAPI statements), for whoever records a learning event in its own transaction.
export { LearningStatements } from './statements.service.js';
export { statementIdFor } from './statements.mapping.js';
// Enrolments made by a cohort's course assignment, and the learner timeline its trainers read.
export { AssignedEnrolments, type TimelineEvent } from './assigned-enrolments.js';
// The module state rule (lessons completed, quiz passed) as SQL over a CTE `es` of enrolments: the cohort progress matrix reads it.
export { moduleStatesSql } from './progress.repository.js';
export type { LearningContext, LearningEvent, LearningEventKind, EventResult, EventScore } from './statements.mapping.js';
