import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /**
     * A course completion was recorded (relayed from the outbox, job id `course.completed-<completionId>`).
     * The certificates module consumes it (issues the certificate: certificates.service.ts).
     */
    'course.completed': { completionId: string; enrolmentId: string; userId: string; courseId: string; courseVersionId: string; completedAt: string };
    /**
     * A standing completion was revoked (a regrade failed a quiz it relied on), relayed from the
     * outbox (job id `course.completion-revoked-<completionId>`). The certificates module revokes its certificate.
     */
    'course.completion-revoked': { completionId: string; reason: string };
    /** Hourly, self-rescheduling: reminds learners and their trainers 30 and 7 days before a completion expires. */
    'learning.expiry-reminders': { hour: string };
  }
}

/** The learning module's jobs and their queues. */
export const LEARNING_JOBS = defineJobs({
  'course.completed': { queue: 'learning' },
  'course.completion-revoked': { queue: 'learning' },
  'learning.expiry-reminders': { queue: 'learning', removeOnComplete: true },
});
