import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { defaultQueuePrefix } from '../src/config/config.js';
import { signInAsNewAdmin } from './support/admin.js';
import { createScratchDatabase } from './support/databases.js';
import { json } from './support/http.js';
import { eventually, spawnApi, spawnWorker, type ServiceProcess } from './support/processes.js';

/**
 * Two installations on one machine share its Redis (issue #7, finding 14): each is an API and a
 * worker with its own database and no QUEUE_PREFIX set. Before, both used the prefix "htmse", so
 * one installation's worker took the other's jobs (its confirmation mail landed in the other's
 * mailbox) and their rate-limit counters were shared.
 */
const running: ServiceProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  for (const cleanup of cleanups) await cleanup();
});

interface Installation {
  name: string;
  api: ServiceProcess & { baseUrl: string };
  worker: ServiceProcess;
  headers: Record<string, string>;
}

async function install(name: string): Promise<Installation> {
  const db = await createScratchDatabase(inject('serverUrl'));
  const prefix = defaultQueuePrefix(db.url);
  cleanups.push(db.drop, () => deleteKeys(prefix));
  // No QUEUE_PREFIX: each installation must get its own from its database.
  const env = { DATABASE_URL: db.url, REDIS_URL: inject('redisUrl'), LOG_LEVEL: 'info' };
  const api = await spawnApi({ ...env, MIGRATIONS_RUN: 'true' });
  running.push(api);
  const worker = await spawnWorker({ ...env, MIGRATIONS_RUN: 'false' });
  running.push(worker);
  const { headers } = await signInAsNewAdmin(api.baseUrl, db.url);
  return { name, api, worker, headers };
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(inject('redisUrl'));
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

async function createPings(at: Installation, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${at.api.baseUrl}/api/system/pings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...at.headers },
      body: JSON.stringify({ label: `${at.name} ${i}` }),
    });
    expect(res.status).toBe(202);
    ids.push(((await json(res)) as { id: string }).id);
  }
  return ids;
}

async function pingsOf(at: Installation, ids: string[]) {
  return Promise.all(
    ids.map(
      async (id) =>
        (await json(await fetch(`${at.api.baseUrl}/api/system/pings/${id}`, { headers: at.headers }))) as { status: string; processedBy: string | null },
    ),
  );
}

describe('two installations on one Redis', () => {
  it("each worker runs only its own installation's jobs", { timeout: 150_000 }, async () => {
    const [a, b] = await Promise.all([install('A'), install('B')]);
    const [idsA, idsB] = [await createPings(a, 8), await createPings(b, 8)];

    for (const [at, ids] of [
      [a, idsA],
      [b, idsB],
    ] as const) {
      const pings = await eventually(async () => {
        const all = await pingsOf(at, ids);
        return all.every((p) => p.status === 'done') ? all : undefined;
      }, 20_000).catch(async () => {
        throw new Error(`installation ${at.name}: not every ping was processed: ${JSON.stringify(await pingsOf(at, ids))}`);
      });
      for (const ping of pings) expect(ping.processedBy, `installation ${at.name}`).toMatch(new RegExp(`^worker:.+:${at.worker.child.pid}$`));
    }
    // Neither worker so much as started a job of the other installation.
    for (const [worker, otherIds] of [
      [a.worker, idsB],
      [b.worker, idsA],
    ] as const) {
      for (const id of otherIds) expect(worker.output()).not.toContain(`system.ping-${id}`);
    }
  });
});
