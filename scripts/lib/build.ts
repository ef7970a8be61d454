import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the files under a path, skipping generated folders. */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (['node_modules', '.svelte-kit', 'dist', 'build'].includes(entry)) continue;
    max = Math.max(max, newestMtime(join(path, entry)));
  }
  return max;
}

export const WORKSPACE_BUILDS = {
  backend: { output: 'backend/dist/main.js', sources: ['backend/src', 'backend/package.json', 'backend/tsconfig.json', 'backend/tsconfig.build.json'] },
  frontend: {
    output: 'frontend/build/index.js',
    sources: ['frontend/src', 'frontend/static', 'frontend/vite.config.ts', 'frontend/package.json'],
  },
} as const;

/**
 * The environment a build runs in: always NODE_ENV=production. Builds are started from `npm start`,
 * `npm test` and the test tiers' global setups, and under Vitest the inherited NODE_ENV is `test`,
 * which makes Vite ship development code paths (a bigger bundle than the one deployed).
 */
export function buildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, NODE_ENV: 'production' };
}

/**
 * Builds a workspace when its output is missing or older than any of its sources. The build's
 * own output (tsc, Vite's chunk tables) goes to the terminal, or, with `logFile`, is appended
 * to that file and shown only when the build fails.
 */
export function buildIfStale(root: string, workspace: keyof typeof WORKSPACE_BUILDS, log: (m: string) => void, logFile?: string): void {
  const { output, sources } = WORKSPACE_BUILDS[workspace];
  const out = join(root, output);
  const built = existsSync(out) ? statSync(out).mtimeMs : 0;
  if (built > 0 && sources.every((s) => newestMtime(join(root, s)) <= built)) return;
  log(`building ${workspace}…${logFile ? ` (output: ${logFile})` : ''}`);
  const fd = logFile ? openSync(logFile, 'a') : undefined;
  const startedAt = fd === undefined ? 0 : statSync(logFile!).size;
  try {
    const result = spawnSync('npm', ['run', 'build', '-w', workspace], {
      cwd: root,
      stdio: fd === undefined ? 'inherit' : ['ignore', fd, fd],
      env: buildEnv(),
    });
    if (result.status !== 0) {
      const tail = logFile ? `:\n${readFileSync(logFile, 'utf8').slice(startedAt).trim().split('\n').slice(-40).join('\n')}` : '';
      throw new Error(`building ${workspace} failed${tail}`);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
