import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /**
     * Closes and grades a timed attempt once its deadline and the grace period have passed,
     * if the learner has not submitted it. Enqueued with a delay when the attempt starts; reads
     * and writes of an overdue attempt close it too, so a lost job cannot leave it open.
     */
    'assessment.close-attempt': { attemptId: string };
  }
}

/** The assessment module's jobs and their queues. */
export const ASSESSMENT_JOBS = defineJobs({
  'assessment.close-attempt': { queue: 'assessment' },
});
