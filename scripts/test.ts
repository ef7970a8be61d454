/**
 * `npm test`: every tier, in order, against the real services.
 *   1. type checks (scripts and backend tsc, frontend svelte-check), ESLint, Prettier, module boundaries
 *      (dependency-cruiser) and the compose file (dclint)
 *   2. backend unit          (no I/O)
 *   3. backend repositories  (each repository's SQL on the real PostgreSQL, no HTTP: DATABASE_URL)
 *   4. backend integration   (real PostgreSQL + Redis: DATABASE_URL / REDIS_URL, default 127.0.0.1)
 *   5. frontend unit
 *   6. browser               (the built app, started like `npm start`, driven in Chromium)
 * Every tier runs even if an earlier one failed, so one run shows everything that is broken.
 * Ends with one line "tests: N passed, N failed" and exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.test-output');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

interface Tier {
  name: string;
  workspace: 'backend' | 'frontend';
  config: string;
}

const TIERS: Tier[] = [
  { name: 'backend-unit', workspace: 'backend', config: 'vitest.config.ts' },
  { name: 'backend-repositories', workspace: 'backend', config: 'vitest.repositories.config.ts' },
  { name: 'backend-integration', workspace: 'backend', config: 'vitest.integration.config.ts' },
  { name: 'frontend-unit', workspace: 'frontend', config: 'vitest.config.ts' },
  { name: 'browser', workspace: 'frontend', config: 'vitest.browser.config.ts' },
];

const only = process.argv.slice(2);
const selected = only.length ? TIERS.filter((t) => only.includes(t.name)) : TIERS;
const results: { name: string; passed: number; failed: number; skipped: number; ok: boolean }[] = [];
const problems: string[] = [];

function run(label: string, command: string, args: string[], cwd: string): boolean {
  process.stdout.write(`\n━━ ${label} ━━\n`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  return result.status === 0;
}

if (!only.length) {
  if (!run('typecheck: scripts', 'npm', ['run', 'typecheck:scripts'], root)) problems.push('scripts typecheck');
  if (!run('typecheck: backend', 'npm', ['run', 'typecheck', '-w', 'backend'], root)) problems.push('backend typecheck');
  if (!run('typecheck: frontend', 'npm', ['run', 'typecheck', '-w', 'frontend'], root)) problems.push('frontend typecheck');
  if (!run('lint: eslint', 'npm', ['run', 'lint'], root)) problems.push('eslint');
  if (!run('format: prettier', 'npm', ['run', 'format:check'], root)) problems.push('prettier');
  // Module boundaries (.dependency-cruiser.cjs): no cross-module internal import, no cycle, infra/common import no module.
  if (!run('module boundaries: dependency-cruiser', 'npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'backend/src'], root)) {
    problems.push('module boundaries');
  }
  // The Compose Specification schema (dclint); `docker compose config` too where the v2 plugin exists.
  if (!run('compose file: schema and rules', 'npx', ['dclint', 'docker-compose.yml'], root)) problems.push('docker-compose.yml');
  // And a real Compose parser: the v2 plugin where installed, else Debian's docker-compose (v1).
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) {
    if (!run('compose file: docker compose config', 'docker', ['compose', 'config', '--quiet'], root)) problems.push('docker compose config');
  } else if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) {
    if (!run('compose file: docker-compose config', 'docker-compose', ['config', '--quiet'], root)) problems.push('docker-compose config');
  }
}
try {
  buildIfStale(root, 'backend', (m) => process.stdout.write(`${m}\n`));
  buildIfStale(root, 'frontend', (m) => process.stdout.write(`${m}\n`));
} catch (err) {
  problems.push((err as Error).message);
}

for (const tier of selected) {
  const report = join(outDir, `${tier.name}.json`);
  const exitOk = run(
    `tests: ${tier.name}`,
    'npx',
    ['vitest', 'run', '--config', tier.config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    join(root, tier.workspace),
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numTotalTests: number;
    };
    passed = json.numPassedTests;
    failed = json.numFailedTests;
    skipped = json.numPendingTests + json.numTodoTests;
  }
  // A tier that crashed before reporting, or ran nothing, is a failure, never a quiet pass.
  const ok = exitOk && failed === 0 && passed > 0;
  if (!ok) problems.push(`${tier.name}${passed === 0 && failed === 0 ? ' (ran no test or crashed)' : ''}`);
  results.push({ name: tier.name, passed, failed, skipped, ok });
}

process.stdout.write('\n━━ summary ━━\n');
for (const r of results) {
  process.stdout.write(
    `  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(22)} ${String(r.passed).padStart(4)} ok  ${String(r.failed).padStart(3)} failing  ${r.skipped} skipped\n`,
  );
}
if (problems.length) process.stdout.write(`  problems: ${problems.join('; ')}\n`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(problems.length ? 1 : 0);
