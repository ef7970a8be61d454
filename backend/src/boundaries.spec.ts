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

async function violations(baseDir: string): Promise<IViolation[]> {
  const tsConfigFile = `${ROOT}backend/tsconfig.json`;
  const options: ICruiseOptions = { ...(await extractDepcruiseOptions(`${ROOT}.dependency-cruiser.cjs`)), baseDir, tsConfig: { fileName: tsConfigFile } };
  const tsConfig = extractTSConfig(tsConfigFile);
  const result = await cruise(['backend/src'], options, undefined, { tsConfig });
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
      'no-module-internals: backend/src/modules/beta/beta.service.ts → backend/src/modules/alpha/alpha.service.ts',
    ]);
  }, 60_000);

  it('finds no violation in the real backend/src', async () => {
    expect((await violations(ROOT)).map(brief)).toEqual([]);
  }, 120_000);
});
