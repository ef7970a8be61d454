/**
 * Job name -> payload. Infra declares none of the domain's jobs: each module adds its own to this
 * interface from its `<module>.jobs.ts` (declaration merging), with the job's queue in that file's
 * definitions; modules/jobs.ts collects every definition into the catalogue (a Record over
 * JobName, so a job without a definition fails to compile) and the composition roots hand it to
 * QueueModule.forRoot. Boot then fails until exactly one @OnJob handler exists for each job.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobPayloads {}

export type JobName = keyof JobPayloads;

/** Queues group jobs whose workload and priority belong together. */
export type QueueName = string;

/** What infra needs to know about a job: its queue, and whether to drop it from Redis once done. */
export interface JobDefinition {
  queue: QueueName;
  /** Drop the job from Redis once completed (it names an address or account: nothing to keep). */
  removeOnComplete?: boolean;
}

/** Every job's definition. A Record over JobName, so a declared job without a definition fails to compile. */
export type JobCatalogueEntries = { readonly [N in JobName]: JobDefinition };

/** A module's job definitions (in its `<module>.jobs.ts`). */
export function defineJobs<const T extends { readonly [N in keyof T]: N extends JobName ? JobDefinition : never }>(definitions: T): T {
  return definitions;
}

/** The catalogue of every job, injected where infra needs a job's queue or the list of queues. */
export class JobCatalogue {
  readonly names: JobName[];
  readonly queues: QueueName[];

  constructor(private readonly entries: JobCatalogueEntries) {
    this.names = Object.keys(entries) as JobName[];
    this.queues = [...new Set(Object.values<JobDefinition>(entries).map((d) => d.queue))];
  }

  queueOf(name: JobName): QueueName {
    return this.entries[name].queue;
  }

  retentionOf(name: JobName): { removeOnComplete: boolean } | undefined {
    return this.entries[name].removeOnComplete ? { removeOnComplete: true } : undefined;
  }
}

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
