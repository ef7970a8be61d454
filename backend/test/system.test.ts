import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SystemService } from '../src/modules/system/system.service.js';
import { signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { json } from './support/http.js';

/** The ping job's SQL against the real PostgreSQL: claimed once, idempotent on redelivery. */
let api: TestApi;
let admin: SignedIn;
beforeAll(async () => {
  // Inline driver without a worker would run the job itself; bullmq with no worker leaves it queued.
  api = await startApi({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: `${inject('queuePrefix')}-idle` });
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
});
afterAll(() => api?.close());

describe('system.ping job handler', () => {
  it('does the work once, and a redelivered job changes nothing', async () => {
    const res = await fetch(`${api.baseUrl}/api/system/pings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin.headers },
      body: JSON.stringify({ label: 'redelivered', workMs: 300 }),
    });
    const { id } = await json(res);
    const service = api.app.get(SystemService);

    const started = Date.now();
    await service.handlePing({ pingId: id });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const first = await json(await fetch(`${api.baseUrl}/api/system/pings/${id}`, { headers: admin.headers }));
    expect(first).toMatchObject({ status: 'done', attempts: 1 });
    expect(first.processedBy).toMatch(/^api:/);

    await service.handlePing({ pingId: id });
    const again = await json(await fetch(`${api.baseUrl}/api/system/pings/${id}`, { headers: admin.headers }));
    expect(again).toEqual(first);
  });

  it('ignores a job whose ping no longer exists', async () => {
    await expect(api.app.get(SystemService).handlePing({ pingId: '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11' })).resolves.toBeUndefined();
  });
});
