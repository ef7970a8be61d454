import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs scripts/start.ts (what `npm start` runs) as its own process, without tsx's wrapper, so
 * signals reach it exactly as Ctrl-C would. Resolves once it prints that the app is running.
 */
export async function startStack(env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<Stack> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    // JSON log lines unless the test asks for the terminal's output (LOG_FORMAT=pretty).
    env: { ...env, LOG_FORMAT: env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('HTMSE Academy is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`npm start did not come up\n--- output ---\n${output.slice(-6000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => output, exited };
}

/** Every process whose command line mentions `needle` (e.g. a data directory), from /proc. */
export async function processesMentioning(needle: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      if (cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export interface NodeRuntime {
  pid: number;
  /** What the process runs: start (scripts/start.ts), api, worker, web, or its command line. */
  role: string;
  /** `node --version` of the very binary the process runs (/proc/<pid>/exe). */
  version: string;
}

const ROLES: Array<[string, string]> = [
  ['scripts/start.ts', 'start'],
  ['backend/dist/main.js', 'api'],
  ['backend/dist/worker.js', 'worker'],
  ['frontend/build/index.js', 'web']
];

/** The process `pid` and every descendant that runs a Node.js binary, with that binary's version. */
export async function nodeRuntimesUnder(pid: number): Promise<NodeRuntime[]> {
  const { readdir, readFile, readlink } = await import('node:fs/promises');
  const { execFileSync } = await import('node:child_process');
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  const runtimes: NodeRuntime[] = [];
  for (const p of tree) {
    try {
      const exe = await readlink(`/proc/${p}/exe`);
      if (!/\/node$/.test(exe)) continue;
      const cmdline = (await readFile(`/proc/${p}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
      const role = ROLES.find(([needle]) => cmdline.includes(needle))?.[1] ?? cmdline;
      runtimes.push({ pid: p, role, version: execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim() });
    } catch {
      // the process ended while we looked
    }
  }
  return runtimes;
}
