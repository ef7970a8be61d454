import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /** One completion of a bulk (re-)issue batch (job id `certificates.issue-<batchId>-<completionId>`). */
    'certificates.issue': { batchId: string; completionId: string };
  }
}

/**
 * The certificates module's jobs. (It also consumes the learning module's `course.completed`,
 * declared there, on the `learning` queue.)
 */
export const CERTIFICATES_JOBS = defineJobs({
  'certificates.issue': { queue: 'certificates' },
});
