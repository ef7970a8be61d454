import type { RequestMeta } from '../../common/http/request-meta.js';

/**
 * The typed job catalogue: job name -> payload. Adding a job means adding it here (and to
 * JOB_QUEUE); boot then fails until exactly one @OnJob handler exists for it.
 */
export interface JobPayloads {
  /** Proves the API -> queue -> worker -> database path. */
  'system.ping': { pingId: string };
  /** One email, already rendered. May hold a single-use link: removed from Redis once sent. */
  'mail.send': { to: string; subject: string; text: string; html?: string };
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

export type JobName = keyof JobPayloads;

/** Queues group jobs whose workload and priority belong together. */
export type QueueName = 'system' | 'mail';

/** Which queue carries each job. A Record over JobName, so a new job without a queue fails to compile. */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  'system.ping': 'system',
  'mail.send': 'mail',
  'identity.registration': 'mail',
  'identity.password-reset-requested': 'mail',
  'identity.verification-requested': 'mail',
};

/** Per-job overrides of the default retention (see BullmqJobQueue). */
export const JOB_RETENTION: { readonly [N in JobName]?: { removeOnComplete: boolean } } = {
  'mail.send': { removeOnComplete: true },
  // They name an email address or account: nothing to keep once done.
  'identity.registration': { removeOnComplete: true },
  'identity.password-reset-requested': { removeOnComplete: true },
  'identity.verification-requested': { removeOnComplete: true },
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
export const QUEUE_NAMES = [...new Set(Object.values(JOB_QUEUE))] as QueueName[];

/** What travels in Redis: the payload plus the id of the request that enqueued it. */
export interface JobEnvelope<N extends JobName = JobName> {
  payload: JobPayloads[N];
  requestId?: string;
}

export interface JobContext {
  jobId: string;
  name: JobName;
  /** 1 on the first try. */
  attempt: number;
}

export interface EnqueueOptions {
  /**
   * Derive it from the business key (e.g. the row id) so enqueueing twice is harmless:
   * a job with the same id is not added again while it is still known to the queue.
   */
  jobId: string;
  delayMs?: number;
}

export type JobHandler<N extends JobName = JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<void>;

/** Retry policy shared by both drivers. */
export const JOB_ATTEMPTS = 5;
export const JOB_BACKOFF_MS = 1_000;
