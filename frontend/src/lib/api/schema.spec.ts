import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const frontend = fileURLToPath(new URL('../../../', import.meta.url));
// Wherever npm put it (hoisted or not), the same CLI that `npm run api:generate` runs.
const cli = join(dirname(createRequire(import.meta.url).resolve('openapi-typescript/package.json')), 'bin/cli.js');

describe('generated API client', () => {
  it('matches what openapi-typescript makes from the committed backend/openapi.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'htmse-schema-'));
    try {
      const out = join(dir, 'schema.d.ts');
      const result = spawnSync(
        process.execPath,
        [cli, '../backend/openapi.json', '-o', out],
        { cwd: frontend, encoding: 'utf8' }
      );
      expect(result.status, result.stderr).toBe(0);
      const committed = readFileSync(join(frontend, 'src/lib/api/schema.d.ts'), 'utf8');
      expect(committed, 'frontend/src/lib/api/schema.d.ts is stale: run npm run openapi').toBe(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
