import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { createApi } from './app.js';
import { buildOpenApiDocument, sortedJson } from './common/http/openapi.js';
import { MODULE_ERROR_CODES } from './modules/error-codes.js';
import { loadConfig } from './config/config.js';

/** Builds the spec from the controllers without a database (preview mode instantiates nothing). */
export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://openapi@localhost/none',
    NODE_ENV: 'test',
    JWT_SECRET: 'openapi-generation-needs-no-real-secret-000',
  });
  const app = await createApi(config, pino({ level: 'silent' }), { preview: true });
  try {
    return sortedJson(buildOpenApiDocument(app, MODULE_ERROR_CODES));
  } finally {
    await app.close();
  }
}

export async function writeOpenApi(path: string): Promise<void> {
  await writeFile(path, await generateOpenApi());
}
