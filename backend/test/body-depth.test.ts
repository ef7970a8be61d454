import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { spawnApi, type ServiceProcess } from './support/processes.js';

/**
 * Deeply nested JSON (issue #7, finding 6), against the API as its own process, so a blocked
 * event loop shows as a slow health check: 5,000 levels gave a 500 on every JSON route (a stack
 * overflow), 400,000 levels (781 KiB) kept the API busy for seconds.
 */
let api: ServiceProcess & { baseUrl: string };
let admin: SignedIn;

beforeAll(async () => {
  api = await spawnApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-depth`,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'warn',
  });
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
});
afterAll(async () => {
  await api?.stop();
});

const nested = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

async function send(method: string, path: string, body: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

function expectTooDeep(reply: { status: number; text: string }, what: string) {
  expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBe(400);
  expect(JSON.parse(reply.text), what).toMatchObject({
    statusCode: 400,
    code: 'BAD_REQUEST',
    message: expect.stringContaining('nested too deeply'),
    details: { maxDepth: 32 },
    requestId: expect.any(String),
  });
}

describe('deeply nested JSON bodies', () => {
  it('answers 5,000 levels with 400 on every JSON route, signed in or not', async () => {
    const body = nested(5_000);
    const routes: [string, string, Record<string, string>?][] = [
      ['POST', '/api/enquiries'],
      ['POST', '/api/auth/login'],
      ['POST', '/api/auth/register'],
      ['POST', '/api/auth/forgot-password'],
      ['POST', '/api/invitations/accept'],
      ['POST', '/api/system/pings', admin.headers],
      ['PATCH', '/api/me', admin.headers],
      ['POST', '/api/organisations', admin.headers],
      ['POST', '/api/no-such-route'],
    ];
    for (const [method, path, headers] of routes) expectTooDeep(await send(method, path, body, headers), `${method} ${path}`);
  });

  it('answers 400,000 levels (781 KiB) at once, and health keeps answering meanwhile', async () => {
    const body = nested(400_000);
    expect(body.length).toBeGreaterThan(780 * 1024);
    const healthTimes: number[] = [];
    const healthStatuses: number[] = [];
    let sending = true;
    const healthLoop = (async () => {
      while (sending) {
        const started = performance.now();
        const res = await fetch(`${api.baseUrl}/api/health`);
        await res.text();
        healthStatuses.push(res.status);
        healthTimes.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await send('POST', '/api/enquiries', body));
    sending = false;
    await healthLoop;

    const slowest = Math.max(...replies.map((r) => r.ms));
    console.log(
      `400,000-deep JSON: answered in ${replies.map((r) => r.ms.toFixed(0)).join(', ')} ms; ` +
        `health ${healthTimes.length}× while sending (statuses ${[...new Set(healthStatuses)].join(',')}), slowest ${Math.max(...healthTimes).toFixed(0)} ms`,
    );
    // Bounds with room for a loaded 2-core machine; before the limit each took seconds.
    expect(slowest).toBeLessThan(1_000);
    expect(healthTimes.length).toBeGreaterThan(0);
    expect(Math.max(...healthTimes)).toBeLessThan(500);
    expect(new Set(healthStatuses)).toEqual(new Set([200]));
    for (const reply of replies) expectTooDeep(reply, 'POST /api/enquiries 400,000 deep');
  });

  it('answers bodies with too many values (20,000 unknown keys, 100,000 array items) with 400 at once', async () => {
    const keys = `{"email":"a@example.org",${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    const items = `{"title":"t","moduleSlugs":[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]}`;
    for (const [path, body] of [
      ['/api/auth/verify-email/resend', keys],
      ['/api/enquiries', items],
    ] as const) {
      const reply = await send('POST', path, body);
      expect(reply.status, reply.text.slice(0, 200)).toBe(400);
      expect(JSON.parse(reply.text)).toMatchObject({ code: 'BAD_REQUEST', details: { maxValues: 5_000 } });
      // Before the limit the 20,000 keys took 1.4-2.5 s of validation and a 1 MB list of field errors.
      expect(reply.ms, path).toBeLessThan(500);
    }
  });

  it('still accepts ordinary nested bodies', async () => {
    const ok = await send('POST', '/api/system/pings', JSON.stringify({ label: 'depth check', workMs: 0 }), admin.headers);
    expect(ok.status, ok.text).toBe(202);
  });

  it('form bodies cannot nest: bracketed keys stay flat and are refused as unknown fields, quickly', async () => {
    const key = `email${'[a]'.repeat(10_000)}`;
    const started = performance.now();
    const res = await fetch(`${api.baseUrl}/api/auth/forgot-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${key}=x`,
    });
    const body = (await res.json()) as { code: string };
    expect(res.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
