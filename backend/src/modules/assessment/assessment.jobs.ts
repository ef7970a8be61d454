import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /**
     * Closes and grades a timed attempt once its deadline and the grace period have passed, if
     * the learner has not submitted it. No longer enqueued (AttemptSweeper closes lapsed attempts
     * in every process); its handler stays for jobs an earlier version queued.
     */
    'assessment.close-attempt': { attemptId: string };
  }
}

/** The assessment module's jobs and their queues. */
export const ASSESSMENT_JOBS = defineJobs({
  'assessment.close-attempt': { queue: 'assessment' },
});
