import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHttp } from '../../../scripts/lib/net.js';
import { TEST_JWT_SECRET } from './api.js';

const mailDir = join(tmpdir(), `htmse-test-mail-${process.pid}`);

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with { code, signal } when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Runs a compiled entry point (main.js, worker.js, cli.js) as its own process, as production does. */
export function spawnService(entry: 'main.js' | 'worker.js' | 'cli.js' | 'worker-health.js', env: Record<string, string>, args: string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [`${dist}${entry}`, ...args], {
    // Workers listen for their health check only when a test gives them a port (several run at once).
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', JWT_SECRET: TEST_JWT_SECRET, MAIL_DIR: mailDir, WORKER_HEALTH_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function spawnApi(env: Record<string, string>): Promise<ServiceProcess & { baseUrl: string }> {
  const port = await freePort();
  const api = spawnService('main.js', { API_PORT: String(port), API_HOST: '127.0.0.1', ...env });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/api/health`, { timeoutMs: 60_000, isAlive: () => api.child.exitCode === null });
  } catch (err) {
    await api.stop('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- API output ---\n${api.output()}`, { cause: err });
  }
  return { ...api, baseUrl };
}

/** Waits until the worker logs that it consumes its queues. */
export async function spawnWorker(env: Record<string, string>): Promise<ServiceProcess> {
  const worker = spawnService('worker.js', env);
  const deadline = Date.now() + 60_000;
  while (!worker.output().includes('worker ready')) {
    if (worker.child.exitCode !== null || Date.now() > deadline) {
      await worker.stop('SIGKILL');
      throw new Error(`worker did not become ready\n--- worker output ---\n${worker.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}

/** Polls until `check` returns a value, or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
