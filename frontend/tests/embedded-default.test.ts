import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Starts `npm start` as in a terminal (LOG_FORMAT=pretty): progress, the banner, then warnings only. */
async function startEmbedded(port: number, options: { redis?: boolean } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, HTMSE_DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'pretty' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.API_PORT;
  // Without `redis`, point the Redis probe at a port where nothing listens, as on a laptop
  // without Redis; with it, the machine's Redis is found and a worker process starts.
  env.HTMSE_LOCAL_REDIS_URL = options.redis ? process.env.REDIS_URL || 'redis://127.0.0.1:6379' : `redis://127.0.0.1:${await freePort()}`;
  return startStack(env);
}

const logsDir = join(dataDir, 'logs');
const logText = (name: string) => (existsSync(join(logsDir, `${name}.log`)) ? readFileSync(join(logsDir, `${name}.log`), 'utf8') : '');

/**
 * What a terminal shows: a few progress lines, then the banner ending with the demo accounts,
 * and nothing else; module initialisation, route mapping and start-up lines are in the logs.
 */
function expectQuietTerminal(output: string, demo: { email: string; password: string }) {
  const lines = output.split('\n').filter((l) => l.trim() !== '' && l.trim() !== 'start');
  expect(lines.length, output).toBeLessThanOrEqual(16);
  for (const chatter of ['Mapped {', 'dependencies initialized', 'API listening', 'worker ready', 'Listening on', 'vite', '.js ']) {
    expect(output, `"${chatter}" belongs in the log files`).not.toContain(chatter);
  }
  expect(output).toContain(`logs: ${logsDir}/`);
  // The banner is the end of the output: the last line shown is the last demo account.
  expect(lines.at(-1)).toMatch(/learner\s+learner2@demo\.example\s+demo-\S+$/);
  expect(output).toMatch(new RegExp(`${demo.email.replace(/\./g, '\\.')}\\s+${demo.password}`));
}

const firstDemo = { email: '', password: '' };

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
      Object.assign(firstDemo, { email: demo![1], password: demo![2] });
      expectQuietTerminal(stack.output(), firstDemo);
      expect(logText('api')).toContain('dependencies initialized');
      expect(logText('api')).toContain('Mapped {');
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

  it('keeps its data in the data directory between runs; with a worker, the restart still ends with the demo passwords', async () => {
    const port = await freePort();
    const stack = await startEmbedded(port, { redis: true });
    try {
      // The worker starts after the API; its start-up lines go to worker.log, not after the banner.
      const deadline = Date.now() + 30_000;
      while (!logText('worker').includes('worker ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(logText('worker')).toContain('worker ready');
      await new Promise((r) => setTimeout(r, 1_000));
      expectQuietTerminal(stack.output(), firstDemo);
      // The first run's logs are kept beside this run's.
      expect(logText('api.previous')).toContain('API listening');

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
