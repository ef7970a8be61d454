import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JOBS } from '../src/modules/jobs.js';
import { createVerifiedUser, signIn, signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { json } from './support/http.js';
import { eventually } from './support/processes.js';

/** Bull Board at /api/admin/queues (the web app serves it at /admin/queues): platform admins only. */
let api: TestApi;
let admin: SignedIn;
let learner: SignedIn;
const prefix = `${inject('queuePrefix')}-board`;
let system: Queue;
let mail: Queue;
let failedJobId: string;

const BOARD = '/api/admin/queues';

/** The audit events the board wrote for a queue since the test began (actor, action, target, metadata). */
async function boardEvents(
  queue: string,
): Promise<Array<{ action: string; actor_user_id: string | null; target_id: string; metadata: Record<string, unknown> }>> {
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT action, actor_user_id, target_id, metadata FROM audit_events WHERE action LIKE 'queue.%' AND metadata->>'queue' = $1 AND occurred_at >= $2 ORDER BY occurred_at, id`,
      [queue, startedAt],
    );
    return rows;
  } finally {
    await db.end();
  }
}
const startedAt = new Date();
const call = (who: SignedIn | null, path: string, init: RequestInit = {}) =>
  fetch(`${api.baseUrl}${BOARD}${path}`, { ...init, headers: { ...(who?.headers ?? {}), ...((init.headers as Record<string, string>) ?? {}) } });

beforeAll(async () => {
  api = await startApi({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: prefix });
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
  learner = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl')));

  // One job that fails for good, with a reason an admin must see; one failed mail with a secret link.
  const connection = { url: inject('redisUrl') };
  system = new Queue('system', { connection, prefix });
  mail = new Queue('mail', { connection, prefix });
  const job = await system.add('system.ping', { payload: { pingId: 'board-test' } }, { jobId: 'system.ping-board-test', attempts: 1 });
  await mail.add(
    'mail.send',
    { payload: { to: 'someone@example.org', subject: 'Reset your password', text: 'https://x.test/reset?token=SECRET-TOKEN' } },
    { jobId: 'mail.send-board-test', attempts: 1 },
  );
  failedJobId = job.id!;
  const failing = (queue: string) =>
    new Worker(
      queue,
      async () => {
        throw new Error(`Certificate storage is not writable (${queue})`);
      },
      { connection, prefix },
    );
  const workers = [failing('system'), failing('mail')];
  await eventually(async () => ((await system.getFailedCount()) + (await mail.getFailedCount()) === 2 ? true : undefined), 10_000);
  await Promise.all(workers.map((w) => w.close()));
});

afterAll(async () => {
  await system?.obliterate({ force: true }).catch(() => undefined);
  await mail?.obliterate({ force: true }).catch(() => undefined);
  await Promise.all([system?.close(), mail?.close()]);
  await api?.close();
});

describe('queue dashboard', () => {
  it('serves the board page and its assets to a platform admin, with its base at /admin/queues/', async () => {
    const page = await call(admin, '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    expect(html).toContain('HTMSE Academy queues');
    // The page's CSP is the API's (scripts from this origin only); the bundle loads under it.
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await call(admin, `/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('lists every queue, mail included, with the failed job and its reason', async () => {
    const res = await call(admin, '/api/queues?activeQueue=system&status=failed&page=1');
    expect(res.status).toBe(200);
    const body = (await json(res)) as {
      queues: Array<{ name: string; counts: Record<string, number>; jobs: Array<{ id: string; failedReason: string; data: unknown }> }>;
    };
    const names = body.queues.map((q) => q.name);
    expect(names.sort()).toEqual([...JOBS.queues].sort());
    expect(names).toContain('mail');
    const systemQueue = body.queues.find((q) => q.name === 'system')!;
    expect(systemQueue.counts.failed).toBe(1);
    expect(systemQueue.jobs).toEqual([expect.objectContaining({ id: failedJobId, failedReason: 'Certificate storage is not writable (system)' })]);
  });

  it('never shows the message of a mail job (it may hold a single-use link), only whom it was for and its subject', async () => {
    const res = await call(admin, '/api/queues?activeQueue=mail&status=failed&page=1');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('SECRET-TOKEN');
    expect(text).toContain('Reset your password');
    expect(text).toContain('Certificate storage is not writable (mail)');
  });

  it('lets a platform admin retry the failed job', async () => {
    const res = await call(admin, `/api/queues/system/${failedJobId}/retry`, { method: 'PUT' });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(await (await system.getJob(failedJobId))!.getState()).toBe('waiting');
    expect(await system.getFailedCount()).toBe(0);
    // In the audit trail, with the admin who asked.
    expect(await boardEvents('system')).toEqual([
      { action: 'queue.job_retried', actor_user_id: admin.userId, target_id: `system/${failedJobId}`, metadata: { queue: 'system', jobId: failedJobId } },
    ]);
  });

  it('refuses what would create or change jobs (add, edit data, obliterate), even to a platform admin', async () => {
    const headers = { 'content-type': 'application/json' };
    for (const [method, path] of [
      ['POST', '/api/queues/mail/add'],
      ['PUT', `/api/queues/system/${failedJobId}/update-data`],
      ['PUT', '/api/queues/mail/obliterate'],
      ['PUT', '/api/queues/mail/empty'],
    ] as const) {
      const res = await call(admin, path, { method, headers, body: JSON.stringify({ name: 'mail.send', data: { to: 'x@example.org' } }) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await mail.getJobCounts('waiting', 'failed')).toEqual({ waiting: 0, failed: 1 });
    // A refused change is not in the audit trail as done.
    expect(await boardEvents('mail')).toEqual([]);
  });

  it('refuses a learner (403) and anonymous callers (401), on the page, its API and retry', async () => {
    for (const path of ['', '/api/queues', '/static/images/logo.svg']) {
      expect((await call(null, path)).status, `anonymous ${path}`).toBe(401);
      const asLearner = await call(learner, path);
      expect(asLearner.status, `learner ${path}`).toBe(403);
      expect(await asLearner.text()).not.toContain('Certificate storage');
    }
    expect((await call(learner, `/api/queues/mail/mail.send-board-test/retry`, { method: 'PUT' })).status).toBe(403);
    expect((await call(null, `/api/queues/mail/mail.send-board-test/retry`, { method: 'PUT' })).status).toBe(401);
    expect(await mail.getFailedCount()).toBe(1);
    expect(await boardEvents('mail')).toEqual([]);
  });

  it('audits pausing and resuming a queue, and a change the board answers with an error is not audited', async () => {
    expect((await call(admin, '/api/queues/system/pause', { method: 'PUT' })).status).toBe(200);
    expect(await system.isPaused()).toBe(true);
    expect((await call(admin, '/api/queues/system/resume', { method: 'PUT' })).status).toBe(200);
    expect(await system.isPaused()).toBe(false);
    // Retrying a job that does not exist: the board answers 404, nothing happened.
    const missing = await call(admin, '/api/queues/system/no-such-job/retry', { method: 'PUT' });
    expect(missing.status).toBeGreaterThanOrEqual(400);
    const events = await boardEvents('system');
    expect(events.map((e) => [e.action, e.actor_user_id, e.target_id])).toEqual([
      ['queue.job_retried', admin.userId, `system/${failedJobId}`],
      ['queue.paused', admin.userId, 'system'],
      ['queue.resumed', admin.userId, 'system'],
    ]);
  });

  it('with the session cookie, a retry needs the CSRF token (the web app sends it from the board client)', async () => {
    const login = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(login.status).toBe(200);
    const cookies = Object.fromEntries(login.headers.getSetCookie().map((c) => c.split(';', 1)[0]!.split('=') as [string, string]));
    const cookie = Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const retry = (headers: Record<string, string>) =>
      fetch(`${api.baseUrl}${BOARD}/api/queues/mail/mail.send-board-test/retry`, { method: 'PUT', headers: { cookie, ...headers } });
    expect((await retry({})).status).toBe(403);
    expect(await mail.getFailedCount()).toBe(1);
    expect((await retry({ 'x-csrf-token': cookies.htmse_csrf! })).status).toBe(204);
    expect(await mail.getFailedCount()).toBe(0);
    expect(await boardEvents('mail')).toEqual([
      {
        action: 'queue.job_retried',
        actor_user_id: admin.userId,
        target_id: 'mail/mail.send-board-test',
        metadata: { queue: 'mail', jobId: 'mail.send-board-test' },
      },
    ]);
  });
});
