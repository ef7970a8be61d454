import { MAIL_JOBS } from '../infra/mail/mail.jobs.js';
import { JobCatalogue, type JobCatalogueEntries } from '../infra/queue/job.types.js';
import { ASSESSMENT_JOBS } from './assessment/index.js';
import { CERTIFICATES_JOBS } from './certificates/index.js';
import { COHORTS_OPS_JOBS } from './cohorts/index.js';
import { IDENTITY_JOBS } from './identity/index.js';
import { LEARNING_JOBS } from './learning/index.js';
import { SYSTEM_JOBS } from './system/index.js';

/**
 * Every job and its queue: each module's own `<module>.jobs.ts` (and infra/mail's mail.send).
 * Typed over every declared job, so a job a module declares without adding its definitions here
 * fails to compile. Handed to QueueModule.forRoot by the composition roots.
 */
const ENTRIES: JobCatalogueEntries = {
  ...MAIL_JOBS,
  ...SYSTEM_JOBS,
  ...IDENTITY_JOBS,
  ...ASSESSMENT_JOBS,
  ...LEARNING_JOBS,
  ...CERTIFICATES_JOBS,
  ...COHORTS_OPS_JOBS,
};

export const JOBS = new JobCatalogue(ENTRIES);
