import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/net.js';
import { startStack, type Stack } from './support/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The tests' own database, for the few facts a test must set directly (e.g. a platform admin). */
    databaseUrl: string;
  }
}

/**
 * Starts the whole app once for the browser tests, on the machine's PostgreSQL (a fresh database)
 * and Redis, exactly as `npm start` does with DATABASE_URL and REDIS_URL set.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const dbName = `htmse_web_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`Browser tests need PostgreSQL at ${serverUrl.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`, { cause: err });
  }
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;

  const port = await freePort();
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `htmse-web-${randomBytes(3).toString('hex')}`,
      PORT: String(port),
      API_PORT: ''
    });
  } catch (err) {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    throw err;
  }
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  project.provide('databaseUrl', dbUrl.toString());

  return async () => {
    stack?.child.kill('SIGTERM');
    await stack?.exited;
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  };
}
