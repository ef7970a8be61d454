import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Actor } from '../../common/auth/actor.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobCatalogue } from '../../infra/queue/job.types.js';
import { AuditService, type AuditRecord } from '../audit/index.js';

/** Where the API serves the dashboard (the controller's route). */
export const BOARD_API_PATH = '/api/admin/queues';
/** Where browsers see it: the web app forwards /admin/queues/* to BOARD_API_PATH/*. */
export const BOARD_PUBLIC_PATH = '/admin/queues';

/**
 * What the dashboard may change, all PUT (Bull Board's paths, below BOARD_API_PATH): retry a
 * failed job or all failed jobs of a queue, remove one job, run a delayed one now, pause and
 * resume. Everything else that changes jobs (add a job, edit its data, empty or obliterate a
 * queue, delays, priorities, concurrency, schedules) is refused: jobs come from the application.
 */
const ALLOWED_CHANGES: readonly RegExp[] = [
  /^\/api\/queues\/[^/]+\/[^/]+\/(retry|clean|promote)$/,
  /^\/api\/queues\/[^/]+\/retry\/failed$/,
  /^\/api\/queues\/[^/]+\/promote$/,
  /^\/api\/queues\/([^/]+\/)?(pause|resume)$/,
];

/**
 * What each allowed change is in the audit trail, by its path: the action, the queue, and the job
 * (null: every failed or delayed job of the queue; a pause or resume without a queue is all queues).
 */
export function boardChange(path: string): Pick<AuditRecord, 'action' | 'targetType' | 'targetId' | 'metadata'> | null {
  const segments = path
    .split('/')
    .slice(3)
    .map((s) => decodeURIComponent(s)); // after /api/queues/
  const job = /^\/api\/queues\/[^/]+\/[^/]+\/(retry|clean|promote)$/.test(path);
  const [queue, second, third] = segments;
  const action = { retry: 'queue.job_retried', clean: 'queue.job_removed', promote: 'queue.job_promoted' } as const;
  if (job && queue && second && third) {
    return { action: action[third as keyof typeof action], targetType: 'job', targetId: `${queue}/${second}`, metadata: { queue, jobId: second } };
  }
  if (/^\/api\/queues\/[^/]+\/retry\/failed$/.test(path) && queue) {
    return { action: 'queue.job_retried', targetType: 'queue', targetId: queue, metadata: { queue, jobId: null, jobs: 'every failed job' } };
  }
  if (/^\/api\/queues\/[^/]+\/promote$/.test(path) && queue) {
    return { action: 'queue.job_promoted', targetType: 'queue', targetId: queue, metadata: { queue, jobId: null, jobs: 'every delayed job' } };
  }
  const pause = /^\/api\/queues\/(?:([^/]+)\/)?(pause|resume)$/.exec(path);
  if (pause) {
    const name = pause[1] ? decodeURIComponent(pause[1]) : null;
    return {
      action: pause[2] === 'pause' ? 'queue.paused' : 'queue.resumed',
      targetType: 'queue',
      targetId: name ?? 'all',
      metadata: { queue: name ?? 'all' },
    };
  }
  return null;
}

/** Request headers the dashboard's handlers need; nothing else (no cookies, no tokens) goes further. */
const FORWARDED = ['accept', 'content-type', 'if-none-match', 'if-modified-since'] as const;
/** Response headers recomputed by our own server. */
const NOT_COPIED = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date']);

/** A mail job holds the rendered message, which may carry a single-use link (reset, invitation): never shown. */
const HIDDEN_MAIL_FIELDS = ['text', 'html'] as const;

/**
 * Bull Board over every queue of the catalogue (mail included), in an internal Fastify instance
 * that never listens: the controller (behind the access guard) hands it each request. Built on
 * first use, with a Redis connection of its own that fails fast when Redis is down.
 */
@Injectable()
export class QueueBoardService implements OnApplicationShutdown {
  private board?: Promise<FastifyInstance>;
  private connection?: Redis;
  private queues: Queue[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogue: JobCatalogue,
    private readonly audit: AuditService,
  ) {}

  /** Hands the request to the board; a change it made (2xx) is audited with the admin who asked. */
  async serve(req: FastifyRequest, reply: FastifyReply, actor?: Actor, meta?: RequestMeta): Promise<void> {
    const board = await (this.board ??= this.build());
    const url = req.url.slice(BOARD_API_PATH.length) || '/';
    const path = url.split('?', 1)[0]!;
    const reads = req.method === 'GET' || req.method === 'HEAD';
    if (!reads && !(req.method === 'PUT' && ALLOWED_CHANGES.some((allowed) => allowed.test(path)))) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'The queue dashboard can retry, remove, promote and pause jobs only: jobs are created and changed by the application',
      );
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const res = await board.inject({
      method: req.method as 'GET',
      url: url.startsWith('/') ? url : `/${url}`,
      headers,
      ...(req.body !== undefined && !reads ? { payload: JSON.stringify(req.body) } : {}),
    });
    const change = reads || res.statusCode >= 300 ? null : boardChange(path);
    if (change) await this.audit.record({ ...change, actorUserId: actor?.userId ?? null }, meta);
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && !NOT_COPIED.has(name)) reply.header(name, value);
    }
    await reply.status(res.statusCode).send(res.rawPayload);
  }

  private async build(): Promise<FastifyInstance> {
    const { driver, redisUrl, prefix } = this.config.queue;
    if (driver !== 'bullmq' || !redisUrl) {
      throw new DomainError(ErrorCode.NotFound, 'The queue dashboard needs Redis (REDIS_URL): with the inline driver no job is kept to show');
    }
    // Commands fail after one retry while Redis is down, so the dashboard says so instead of hanging.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectionName: 'htmse-queue-board' });
    this.connection.on('error', () => undefined);
    const mailQueue = this.catalogue.queueOf('mail.send');
    this.queues = this.catalogue.queues.map((name) => new Queue(name, { connection: this.connection!, prefix }));
    const adapters = this.queues.map((queue) => {
      const adapter = new BullMQAdapter(queue, { allowRetries: true, readOnlyMode: false, prefix: '' });
      if (queue.name === mailQueue) adapter.setFormatter('data', hideMessageBody);
      return adapter;
    });
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BOARD_PUBLIC_PATH);
    // @bull-board/fastify pins its own copy of @bull-board/api (9.10.1 beside our 9.10.2): same shape, separate type declarations.
    const server = serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: adapters, serverAdapter: server, options: { uiConfig: { boardTitle: 'HTMSE Academy queues' } } });
    const board = Fastify({ logger: false });
    await board.register(serverAdapter.registerPlugin(), { prefix: '/' });
    await board.ready();
    return board;
  }

  async onApplicationShutdown(): Promise<void> {
    const board = await this.board?.catch(() => undefined);
    await board?.close();
    await Promise.allSettled(this.queues.map((q) => q.close()));
    this.connection?.disconnect();
  }
}

/** A mail job's data as the dashboard shows it: to and subject, not the message. */
export function hideMessageBody(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const envelope = data as { payload?: Record<string, unknown> };
  if (!envelope.payload || typeof envelope.payload !== 'object') return data;
  const payload = { ...envelope.payload };
  for (const field of HIDDEN_MAIL_FIELDS) if (field in payload) payload[field] = '(hidden: the message may hold a single-use link)';
  return { ...envelope, payload };
}
