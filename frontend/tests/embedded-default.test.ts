import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isPortOpen } from '../../scripts/lib/net.js';
import { nodeRuntimesUnder, processesMentioning, startStack } from './support/stack.js';

/**
 * The README's first command on a machine with nothing but Node: no DATABASE_URL (embedded
 * PostgreSQL), and no Redis answering (jobs inline). Then Ctrl-C must leave nothing behind.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'htmse-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startEmbedded(port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, HTMSE_DATA_DIR: dataDir, PORT: String(port) };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.API_PORT;
  // Point the Redis probe at a port where nothing listens, as on a laptop without Redis.
  env.HTMSE_LOCAL_REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
  return startStack(env);
}

describe('npm start on the embedded default', () => {
  const email = `kept-${Date.now()}@example.org`;
  const password = 'kept between two runs';

  it('runs on embedded PostgreSQL with inline jobs, and Ctrl-C stops every process', async () => {
    const port = await freePort();
    const stack = await startEmbedded(port);
    const base = `http://127.0.0.1:${port}`;
    try {
      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up', queue: 'inline' });
      const home = await fetch(base);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('HTMSE Academy');

      const created = await fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, displayName: 'Kept Between Runs', password })
      });
      expect(created.status).toBe(202);
      expect(stack.output()).toContain('HTMSE Academy is running: open http://localhost:');
      // First start: demo people are created and their sign-in details printed; they work.
      const demo = /platform admin\s+(platform-admin@demo\.example)\s+(demo-\S+)/.exec(stack.output());
      expect(demo, 'the demo platform admin is printed').not.toBeNull();
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: demo![1], password: demo![2] })
      });
      expect(login.status).toBe(200);
      for (const who of ['org_admin', 'trainer', 'learner ']) expect(stack.output()).toContain(who);
      expect(await processesMentioning(dataDir)).not.toEqual([]);

      // Every Node.js process `npm start` runs (itself, the API, the web app) is on Node.js 24+,
      // whatever Node started npm: they all run the binary of the pinned `node` package.
      const runtimes = await nodeRuntimesUnder(stack.child.pid!);
      expect(runtimes.map((r) => r.role).sort()).toEqual(['api', 'start', 'web']);
      for (const r of runtimes) {
        expect(r.version, `${r.role} (pid ${r.pid})`).toMatch(/^v\d+\.\d+\.\d+$/);
        expect(Number(r.version.slice(1).split('.')[0]), `${r.role} (pid ${r.pid}) runs ${r.version}`).toBeGreaterThanOrEqual(24);
      }
    } finally {
      stack.child.kill('SIGINT');
    }
    expect(await stack.exited).toBe(0);
    expect(await processesMentioning(dataDir)).toEqual([]);
    expect(await isPortOpen(port)).toBe(false);
  });

  it('keeps its data in the data directory between runs', async () => {
    const port = await freePort();
    const stack = await startEmbedded(port);
    try {
      // The account from the first run is still there: the right password is recognised, and
      // the answer is "confirm your email first" (an unknown account would get 401).
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password })
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ details: { reason: 'email_not_verified' } });
    } finally {
      stack.child.kill('SIGTERM');
    }
    expect(await stack.exited).toBe(0);
    expect(await processesMentioning(dataDir)).toEqual([]);
  });
});
