// The cohorts module's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { CohortsModule } from './cohorts.module.js';
export { CohortsErrors } from './cohorts.errors.js';
// The cohort access rule (trainers see their own cohorts, org admins all) for the modules built on cohorts.
export { CohortAccess, cohortIdParam, type CohortNeed } from './cohort-access.js';
export type { ScopedCohortRow } from './cohorts.repository.js';
export { CohortsOpsErrors } from './ops.errors.js';
export { COHORTS_OPS_JOBS } from './notifications.jobs.js';
// Entity types for other modules' relations (string targets, type-only: no import at run time).
export type { Cohort, CohortMember, CohortTrainer, CohortAssignment, OrganisationLicence } from './cohorts.entities.js';
