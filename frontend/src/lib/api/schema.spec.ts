import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const committedSpec = new URL('../../../../backend/openapi.json', import.meta.url);
const committedClient = new URL('./schema.d.ts', import.meta.url);

describe('generated API client', () => {
  // In-process, exactly what openapi-typescript's CLI writes (`npm run api:generate`, default
  // options): its header, then the printed AST. Spawning the CLI cost a Node start-up and a cold
  // module load on every run, which took over Vitest's 5 s on a loaded machine.
  it('matches what openapi-typescript makes from the committed backend/openapi.json', async () => {
    const generated = COMMENT_HEADER + astToString(await openapiTS(committedSpec, { silent: true }));
    const committed = readFileSync(committedClient, 'utf8');
    expect(committed, 'frontend/src/lib/api/schema.d.ts is stale: run npm run openapi').toBe(generated);
  });
});
