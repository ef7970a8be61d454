import { Global, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { currentRequestId } from '../../common/logging/request-context.js';
import { JobQueue } from './job-queue.js';
import { JobCatalogue, type JobName, type JobPayloads } from './job.types.js';
import { OutboxMessage } from './outbox-message.entity.js';

/**
 * How often each process looks for rows nobody relayed yet (a commit also nudges its own process
 * at once). Rows written by another process that did not nudge (a CLI, a process killed between
 * its commit and the relay) wait at most this long. An empty poll is one indexed read and writes
 * no WAL.
 */
export const OUTBOX_POLL_MS = 500;
/** Sent rows are pruned about once an hour. */
const PRUNE_EVERY_POLLS = Math.round(3_600_000 / OUTBOX_POLL_MS);
/**
 * A nudge relays this much later, so that the rows of commits close together (a worker issuing a
 * cohort's certificates commits one mail row each) go in one round: one claim, one enqueue and one
 * update for many rows instead of a transaction each.
 */
export const OUTBOX_NUDGE_DELAY_MS = 20;
/** Rows relayed per transaction. */
const BATCH = 50;
/** An enqueue that takes longer is treated as failed (Redis down): the row stays for the next round. */
const ENQUEUE_TIMEOUT_MS = 3_000;

/**
 * Writes a job into the outbox inside the caller's transaction: it is enqueued only if that
 * transaction commits, and it is not lost if Redis is down then. The job id is the business key:
 * writing the same one twice keeps one row, and BullMQ ignores a job id it already has.
 */
export async function addToOutbox<N extends JobName>(tx: Pick<EntityManager, 'query'>, name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
  await tx.query(
    `INSERT INTO job_outbox (job_name, job_id, payload, request_id) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT ON CONSTRAINT uq_job_outbox_job_id DO NOTHING`,
    [name, jobId, JSON.stringify(payload), currentRequestId() ?? null],
  );
}

/**
 * addToOutbox's row as part of the caller's own statement, saving a round trip: a data-modifying
 * CTE (`WITH created AS (INSERT …), outbox AS (${sql}) …`) that writes the row only when
 * `whenExists` (a CTE name of that statement) has a row. Its parameters are numbered from
 * `firstParam`; append `params` to the statement's.
 */
export function outboxInsertCte<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
  jobId: string,
  firstParam: number,
  whenExists: string,
): { sql: string; params: unknown[] } {
  const [a, b, c, d] = [firstParam, firstParam + 1, firstParam + 2, firstParam + 3];
  return {
    sql: `INSERT INTO job_outbox (job_name, job_id, payload, request_id) SELECT $${a}, $${b}, $${c}::jsonb, $${d} WHERE EXISTS (SELECT 1 FROM ${whenExists})
          ON CONFLICT ON CONSTRAINT uq_job_outbox_job_id DO NOTHING`,
    params: [name, jobId, JSON.stringify(payload), currentRequestId() ?? null],
  };
}

/** addToOutbox for many jobs of one name, 1,000 rows per statement (a bulk enqueue: thousands of rows). */
export async function addManyToOutbox<N extends JobName>(
  tx: Pick<EntityManager, 'query'>,
  name: N,
  jobs: readonly { payload: JobPayloads[N]; jobId: string }[],
): Promise<void> {
  for (let i = 0; i < jobs.length; i += 1000) {
    const batch = jobs.slice(i, i + 1000);
    await tx.query(
      `INSERT INTO job_outbox (job_name, job_id, payload, request_id)
       SELECT $1, j.job_id, j.payload, $4 FROM unnest($2::text[], $3::jsonb[]) AS j(job_id, payload)
       ON CONFLICT ON CONSTRAINT uq_job_outbox_job_id DO NOTHING`,
      [name, batch.map((j) => j.jobId), batch.map((j) => JSON.stringify(j.payload)), currentRequestId() ?? null],
    );
  }
}

interface PendingRow {
  id: string;
  jobName: JobName;
  jobId: string;
  payload: unknown;
}

/**
 * Moves committed outbox rows to the job queue. Runs in every API and worker process: each polls
 * every OUTBOX_POLL_MS and is nudged after a commit that wrote a row. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several processes share the work without sending a row twice at
 * once; a row is marked sent only after the queue accepted it, and a repeat after a crash in
 * between is harmless (the job id). When the queue refuses (Redis down) the round stops and the
 * rows wait, with the error recorded, for the next round.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  private pending: NodeJS.Timeout | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly catalogue: JobCatalogue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    let rounds = 0;
    this.timer = setInterval(() => {
      // Sent rows are kept a week (what was relayed, and when), then pruned, about once an hour.
      if (++rounds % PRUNE_EVERY_POLLS === 0) void this.prune().catch(() => undefined);
      this.relayNow();
    }, OUTBOX_POLL_MS);
    this.timer.unref();
    this.relayNow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.running?.catch(() => 0);
  }

  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM job_outbox WHERE sent_at < now() - interval '7 days'`);
  }

  /** Relay soon (within OUTBOX_NUDGE_DELAY_MS), in this process: called after a commit that wrote rows. Nudges close together make one round. */
  nudge(): void {
    if (this.stopped || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.relayNow();
    }, OUTBOX_NUDGE_DELAY_MS);
    this.pending.unref();
  }

  /** A round now; one asked for during a round runs after it. */
  private relayNow(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox relay failed');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.relayNow();
        }
      });
  }

  /** Relays until nothing is pending or the queue refuses; answers how many rows were sent. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { sent, refused, claimed } = await this.relayOnce();
      total += sent;
      if (refused || claimed < BATCH || this.stopped) return total;
    }
  }

  /** One batch in one transaction. */
  async relayOnce(): Promise<{ claimed: number; sent: number; refused: boolean }> {
    return this.db.transaction(async (tx) => {
      const rows: PendingRow[] = await tx.query(
        `SELECT id, job_name AS "jobName", job_id AS "jobId", payload FROM job_outbox
          WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      let sent: string[] = [];
      let refused = false;
      if (rows.length > 0) {
        try {
          // The batch in one round trip per queue (BullMQ's addBulk); a job id the queue already has is not added again.
          await withTimeout(
            this.queue.enqueueMany(
              rows.map((row) => ({ name: row.jobName, payload: row.payload as JobPayloads[typeof row.jobName], options: { jobId: row.jobId } })),
            ),
            ENQUEUE_TIMEOUT_MS,
          );
          sent = rows.map((row) => row.id);
        } catch (err) {
          // Some may have been added: harmless, they go again next round under the same ids.
          refused = true;
          const message = err instanceof Error ? err.message : String(err);
          await tx.query(`UPDATE job_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            rows.map((r) => r.id),
            message.slice(0, 500),
          ]);
          this.logger.warn({ jobs: rows.length, firstJobId: rows[0]!.jobId, err: message }, 'outbox: the queue refused the jobs; they stay for the next round');
        }
      }
      // A job that names an address (removeOnComplete in the catalogue) leaves no copy here either.
      const drop = new Set(rows.filter((r) => sent.includes(r.id) && this.catalogue.retentionOf(r.jobName)?.removeOnComplete).map((r) => r.id));
      const keep = sent.filter((id) => !drop.has(id));
      if (drop.size) await tx.query(`DELETE FROM job_outbox WHERE id = ANY($1::bigint[])`, [[...drop]]);
      if (keep.length) await tx.query(`UPDATE job_outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [keep]);
      return { claimed: rows.length, sent: sent.length, refused };
    });
  }
}

/** The outbox relay; imported by the API and the worker (after QueueModule and the database). Global: services nudge it after a commit. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [OutboxRelay],
  exports: [OutboxRelay],
})
export class OutboxModule {}
