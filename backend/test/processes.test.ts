import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/net.js';
import { json } from './support/http.js';
import { migrations } from '../src/migrations/index.js';
import { signInAsNewAdmin } from './support/admin.js';
import { createScratchDatabase } from './support/databases.js';
import { eventually, spawnApi, spawnService, spawnWorker, type ServiceProcess } from './support/processes.js';

/** The API and the worker as separate processes, as they run in production. */
const running: ServiceProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

const baseEnv = () => ({
  DATABASE_URL: inject('databaseUrl'),
  REDIS_URL: inject('redisUrl'),
  QUEUE_PREFIX: inject('queuePrefix'),
  MIGRATIONS_RUN: 'false',
});

/** Bearer headers of a platform admin per API base URL (pings are admin-only). */
const adminHeaders = new Map<string, Record<string, string>>();
async function asAdmin(baseUrl: string): Promise<Record<string, string>> {
  if (!adminHeaders.has(baseUrl)) adminHeaders.set(baseUrl, (await signInAsNewAdmin(baseUrl, inject('databaseUrl'))).headers);
  return adminHeaders.get(baseUrl)!;
}

async function createPing(baseUrl: string, body: object) {
  const res = await fetch(`${baseUrl}/api/system/pings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await asAdmin(baseUrl)) },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return { ...((await json(res)) as { id: string; status: string }), requestId: res.headers.get('x-request-id') };
}

const getPing = async (baseUrl: string, id: string) =>
  (await json(await fetch(`${baseUrl}/api/system/pings/${id}`, { headers: await asAdmin(baseUrl) }))) as {
    status: string;
    processedBy: string | null;
    attempts: number;
  };

describe('API and worker processes', () => {
  it('a job enqueued by the API is processed by the separate worker process', async () => {
    const api = await spawnApi(baseEnv());
    running.push(api);
    const worker = await spawnWorker(baseEnv());
    running.push(worker);

    const ping = await createPing(api.baseUrl, { label: 'end to end' });
    expect(ping.status).toBe('queued');
    const done = await eventually(async () => {
      const p = await getPing(api.baseUrl, ping.id);
      return p.status === 'done' ? p : undefined;
    });
    expect(done.processedBy).toMatch(new RegExp(`^worker:.+:${worker.child.pid}$`));
    expect(done.attempts).toBe(1);
    // The worker's log line for the job carries the id of the API request that enqueued it.
    // The handler marks the ping done before the consumer logs the completion: wait for the line.
    const completed = await eventually(
      async () =>
        worker
          .output()
          .split('\n')
          .find((l) => l.includes('job completed') && l.includes(ping.id)),
      5_000,
    );
    expect(JSON.parse(completed!).requestId).toBe(ping.requestId);
  });

  it('the API and the worker run on Node.js 24 or newer and say so in their ready lines', async () => {
    const api = await spawnApi(baseEnv());
    running.push(api);
    const worker = await spawnWorker(baseEnv());
    running.push(worker);
    const nodeIn = (p: ServiceProcess, msg: string) => {
      const line = p
        .output()
        .split('\n')
        .find((l) => l.includes(`"msg":"${msg}`));
      expect(line, `a "${msg}" line`).toBeDefined();
      return String(JSON.parse(line!).node);
    };
    for (const version of [nodeIn(api, 'API listening'), nodeIn(worker, 'worker ready')]) {
      expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(Number(version.slice(1).split('.')[0])).toBeGreaterThanOrEqual(24);
    }
  });

  it('the worker finishes an in-flight job on SIGTERM before exiting', async () => {
    const api = await spawnApi(baseEnv());
    running.push(api);
    const worker = await spawnWorker(baseEnv());
    running.push(worker);

    const ping = await createPing(api.baseUrl, { label: 'in flight', workMs: 4_000 });
    // Wait for the worker to say it started this job, rather than polling for a short window.
    await eventually(async () =>
      worker.output().includes(`"jobId":"system.ping-${ping.id}","queue":"system","attempt":1,"msg":"job started"`) ? true : undefined,
    );
    // The consumer logs "job started" just before the handler marks the ping processing: wait for
    // that too (the job then runs for 4 s; a ping already done would never be seen processing).
    const status = await eventually(async () => {
      const { status } = await getPing(api.baseUrl, ping.id);
      return status === 'queued' ? undefined : status;
    });
    expect(status, 'the job must still be running when SIGTERM arrives').toBe('processing');
    await worker.stop('SIGTERM');
    const { code } = await worker.exited;
    expect(code).toBe(0);
    const after = await getPing(api.baseUrl, ping.id);
    expect(after.status).toBe('done');
    expect(after.processedBy).toContain(`:${worker.child.pid}`);
  });

  it('the worker exits within its shutdown timeout when Redis is unreachable', async () => {
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const worker = spawnService('worker.js', { ...baseEnv(), REDIS_URL: deadRedis, SHUTDOWN_TIMEOUT_MS: '3000' });
    running.push(worker);
    await eventually(async () => (worker.output().includes('worker ready') ? true : undefined));
    const started = Date.now();
    worker.child.kill('SIGTERM');
    await worker.exited;
    const tookMs = Date.now() - started;
    expect(tookMs).toBeLessThan(3_000 + 2_000);
  });

  it('without Redis the API runs the job inline and reports queue "inline"', async () => {
    const api = await spawnApi({ ...baseEnv(), REDIS_URL: '', QUEUE_DRIVER: 'inline' });
    running.push(api);
    expect(await json(await fetch(`${api.baseUrl}/api/health`))).toEqual({ status: 'ok', database: 'up', queue: 'inline' });
    const ping = await createPing(api.baseUrl, { label: 'inline' });
    const done = await eventually(async () => {
      const p = await getPing(api.baseUrl, ping.id);
      return p.status === 'done' ? p : undefined;
    });
    expect(done.processedBy).toMatch(new RegExp(`^api:.+:${api.child.pid}$`));
  });

  it('a bad configuration stops the process with one message naming every bad variable', async () => {
    const api = spawnService('main.js', { DATABASE_URL: 'mysql://user:s3cret@db/x', API_PORT: 'eighty', LOG_LEVEL: 'loud' });
    running.push(api);
    const { code } = await api.exited;
    expect(code).toBe(78);
    const out = api.output();
    expect(out).toContain('Invalid configuration');
    for (const name of ['DATABASE_URL', 'API_PORT', 'LOG_LEVEL']) expect(out).toContain(name);
    expect(out).not.toContain('s3cret');
  });

  it('a fresh deployment as compose starts it: the API migrates an empty database, the one-shot content import fills the catalogue, a rerun changes nothing', async () => {
    const scratch = await createScratchDatabase(inject('serverUrl'));
    try {
      const env = { ...baseEnv(), DATABASE_URL: scratch.url, MIGRATIONS_RUN: 'true' };
      const api = await spawnApi(env);
      running.push(api);
      // compose starts content-import once the API's readiness probe answers.
      expect((await fetch(`${api.baseUrl}/api/health/ready`)).status).toBe(200);
      expect((await json(await fetch(`${api.baseUrl}/api/courses`))) as { items: unknown[] }).toMatchObject({ items: [] });
      const importOnce = async () => {
        const cli = spawnService('cli.js', env, ['content:import']);
        running.push(cli);
        const { code } = await cli.exited;
        expect(code, cli.output()).toBe(0);
        return cli.output();
      };
      expect(await importOnce()).toContain('content imported from');
      const courses = (await json(await fetch(`${api.baseUrl}/api/courses`))) as { items: Array<{ slug: string }> };
      expect(courses.items.map((c) => c.slug)).toContain('foundations');
      expect(await importOnce()).toContain('nothing changed');
    } finally {
      await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
      await scratch.drop();
    }
  });

  it('two API replicas booting together on an empty database migrate it exactly once', async () => {
    const scratch = await createScratchDatabase(inject('serverUrl'));
    try {
      const env = { ...baseEnv(), DATABASE_URL: scratch.url, MIGRATIONS_RUN: 'true' };
      const [a, b] = await Promise.all([spawnApi(env), spawnApi(env)]);
      running.push(a, b);
      const applied = [a, b].map((p) => /applied (\d+) migration/.exec(p.output())?.[1] ?? '0').map(Number);
      expect(applied.sort((x, y) => x - y)).toEqual([0, migrations.length]);
      for (const p of [a, b]) expect((await fetch(`${p.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
      await scratch.drop();
    }
  });
});
