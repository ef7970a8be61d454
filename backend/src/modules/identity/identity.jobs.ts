import type { RequestMeta } from '../../common/http/request-meta.js';
import { defineJobs } from '../../infra/queue/job.types.js';

declare module '../../infra/queue/job.types.js' {
  interface JobPayloads {
    /**
     * What follows a registration (a confirmation link, or "someone tried to register" to the
     * owner of a taken address). A job, so the request does the same work either way.
     */
    'identity.registration': { userId: string; created: boolean; meta: RequestMeta };
    /** A reset link, if the address has an account (decided here, not in the request). */
    'identity.password-reset-requested': { email: string; deviceHash: string | null };
    /** A new confirmation link, if the address has an unconfirmed account. */
    'identity.verification-requested': { email: string };
  }
}

/** The identity module's jobs and their queues. They name an email address or account: nothing to keep once done. */
export const IDENTITY_JOBS = defineJobs({
  'identity.registration': { queue: 'mail', removeOnComplete: true },
  'identity.password-reset-requested': { queue: 'mail', removeOnComplete: true },
  'identity.verification-requested': { queue: 'mail', removeOnComplete: true },
});
