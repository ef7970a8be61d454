import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { createApi } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';

/** Shared by every API a test starts, so a session made on one is valid on another. */
export const TEST_JWT_SECRET = 'integration-tests-only-secret-0123456789abcdef';

export interface TestApi {
  app: NestFastifyApplication;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real HTTP application, in this process, on an ephemeral port. */
export async function startApi(env: Record<string, string>): Promise<TestApi> {
  // Certificates issued by a test's completions go to a temporary directory unless the test names one.
  const certificates = { CERTIFICATE_DIR: join(tmpdir(), 'htmse-test-certificates') };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, ...certificates, ...env });
  const app = await createApi(config, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, baseUrl, close: () => app.close() };
}
