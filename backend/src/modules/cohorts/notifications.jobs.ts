import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /** Hourly, self-rescheduling (job id per hour): mails learners 7 days and 1 day before an assignment is due, once each. */
    'cohorts.due-reminders': { hour: string };
    /** Weekly, self-rescheduling (job id per ISO week, Monday 07:00 UTC): each trainer's digest of their learners who need attention, once per week. */
    'cohorts.weekly-digest': { week: string };
  }
}

/** The cohorts module's scheduled notification jobs and their queue. */
export const COHORTS_OPS_JOBS = defineJobs({
  'cohorts.due-reminders': { queue: 'cohorts', removeOnComplete: true },
  'cohorts.weekly-digest': { queue: 'cohorts', removeOnComplete: true },
});
