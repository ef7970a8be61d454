import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /** Proves the API -> queue -> worker -> database path. */
    'system.ping': { pingId: string };
  }
}

/** The system module's jobs and their queues. */
export const SYSTEM_JOBS = defineJobs({
  'system.ping': { queue: 'system' },
});
