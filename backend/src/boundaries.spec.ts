import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

/**
 * The module boundaries of .dependency-cruiser.cjs (run by `npm test` on backend/src), checked
 * both ways: on a fixture that breaks each rule on purpose, every break is reported; on the real
 * tree, nothing is.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../test/fixtures/boundaries/', import.meta.url));

const tsConfigFile = `${ROOT}backend/tsconfig.json`;

async function options(baseDir: string, extra: ICruiseOptions = {}): Promise<ICruiseOptions> {
  return { ...(await extractDepcruiseOptions(`${ROOT}.dependency-cruiser.cjs`)), baseDir, tsConfig: { fileName: tsConfigFile }, ...extra };
}

async function violations(baseDir: string): Promise<IViolation[]> {
  const result = await cruise(['backend/src'], await options(baseDir), undefined, { tsConfig: extractTSConfig(tsConfigFile) });
  if (typeof result.output === 'string') throw new Error('expected a cruise result, not a report');
  return result.output.summary.violations;
}

const brief = (v: IViolation) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('module boundaries (dependency-cruiser)', () => {
  it('reports a cross-module internal import, a circular import and infra importing a module, and nothing else', async () => {
    const found = (await violations(FIXTURE)).map(brief).sort();
    expect(found).toEqual([
      'infra-and-common-know-no-module: backend/src/infra/queue/jobs.ts → backend/src/modules/alpha/index.ts',
      // A cycle is reported once, at the import that closes it.
      'no-circular: backend/src/modules/beta/ping.ts → backend/src/modules/beta/pong.ts',
      'no-module-internals: backend/src/modules/beta/beta.service.ts → backend/src/modules/alpha/alpha.entities.ts',
      'no-module-internals: backend/src/modules/beta/beta.service.ts → backend/src/modules/alpha/alpha.service.ts',
    ]);
  }, 60_000);

  it('finds no violation in the real backend/src', async () => {
    expect((await violations(ROOT)).map(brief)).toEqual([]);
  }, 120_000);

  it('draws the module graph committed in docs/module-graph.mmd (npm run graph:modules), which docs/architecture.md describes', async () => {
    // The same options as the graph:modules script in package.json.
    const graph = await options(ROOT, {
      includeOnly: '^backend/src/modules/',
      exclude: { path: '\\.spec\\.ts$' },
      collapse: '^backend/src/modules/[^/]+',
      outputType: 'mermaid',
    });
    const result = await cruise(['backend/src'], graph, undefined, { tsConfig: extractTSConfig(tsConfigFile) });
    expect(result.output).toBe(readFileSync(`${ROOT}docs/module-graph.mmd`, 'utf8'));
  }, 120_000);
});
