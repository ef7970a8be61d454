import type { NestExpressApplication } from '@nestjs/platform-express';
import { pino } from 'pino';
import { createApi } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';

export interface TestApi {
  app: NestExpressApplication;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real HTTP application, in this process, on an ephemeral port. */
export async function startApi(env: Record<string, string>): Promise<TestApi> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const app = await createApi(config, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, baseUrl, close: () => app.close() };
}
