import { defineJobs } from '../queue/job.types.js';

declare module '../queue/job.types.js' {
  interface JobPayloads {
    /** One email, already rendered. May hold a single-use link: removed from Redis once sent. */
    'mail.send': { to: string; subject: string; text: string; html?: string };
  }
}

export const MAIL_JOBS = defineJobs({
  'mail.send': { queue: 'mail', removeOnComplete: true },
});
