import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Writable } from 'node:stream';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { LoggingModule } from './logging.module.js';
import { currentRequestId, requestContext } from './request-context.js';

/**
 * The process logger as main.ts and worker.ts build it (role, request id, redaction), its JSON
 * lines collected, with Nest's own messages going through nestjs-pino on top of it, as in the
 * worker. nestjs-pino keeps one root logger per process, so one context serves the whole file.
 */
const lines: Array<Record<string, unknown>> = [];
let nest: NestPinoLogger;
let raw: pino.Logger;
let close: () => Promise<void>;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  raw = createLogger('worker', 'debug', stream);
  @Module({ imports: [LoggingModule.forRoot(raw, 'worker')] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
  nest = app.get(NestPinoLogger);
  app.useLogger(nest);
  close = () => app.close();
});
afterAll(async () => close());

/** What the next `write` adds to the collected lines. */
async function logged(write: () => void): Promise<Array<Record<string, unknown>>> {
  const before = lines.length;
  write();
  await new Promise((resolve) => setImmediate(resolve));
  return lines.slice(before);
}

const levelOf = (name: string) => pino.levels.values[name];

describe("Nest's messages through nestjs-pino", () => {
  it('are JSON lines at the matching pino level, with their context and the process role', async () => {
    const out = await logged(() => {
      nest.log('Nest application successfully started', 'NestApplication');
      nest.warn('deprecated option', 'Config');
      nest.debug('resolving', 'InstanceLoader');
      nest.fatal('cannot continue', 'Bootstrap');
    });
    expect(out.map((l) => [l.level, l.msg, l.context, l.role])).toEqual([
      [levelOf('info'), 'Nest application successfully started', 'NestApplication', 'worker'],
      [levelOf('warn'), 'deprecated option', 'Config', 'worker'],
      [levelOf('debug'), 'resolving', 'InstanceLoader', 'worker'],
      [levelOf('fatal'), 'cannot continue', 'Bootstrap', 'worker'],
    ]);
  });

  it('keeps the stack trace of Nest errors', async () => {
    const out = await logged(() => nest.error('Failed to start', 'Error: boom\n    at x.js:1', 'ExceptionHandler'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ level: levelOf('error'), context: 'ExceptionHandler' });
    expect(JSON.stringify(out[0])).toContain('at x.js:1');
  });

  it('merges object messages into the log line', async () => {
    const out = await logged(() => nest.log({ route: '/api/health', method: 'GET' }, 'RouterExplorer'));
    expect(out[0]).toMatchObject({ route: '/api/health', method: 'GET', context: 'RouterExplorer' });
  });

  it('respects the logger level (verbose is trace, below debug)', async () => {
    expect(await logged(() => nest.verbose('very detailed', 'RoutesResolver'))).toEqual([]);
  });

  it('carry the request id inside a request or a job, like every line of our own', async () => {
    const out = await logged(() =>
      requestContext.run({ requestId: 'r-nest-01' }, () => {
        nest.log('inside', 'Handler');
        raw.info('ours too');
      }),
    );
    expect(out.map((l) => [l.msg, l.requestId])).toEqual([
      ['inside', 'r-nest-01'],
      ['ours too', 'r-nest-01'],
    ]);
  });

  it('redact passwords, tokens and credentials headers', async () => {
    const out = await logged(() =>
      nest.log({ body: { password: 'hunter22', token: 't0ken' }, req: { headers: { authorization: 'Bearer abc', cookie: 'sid=s3cret' } } }, 'Ctx'),
    );
    const text = JSON.stringify(out);
    for (const secret of ['hunter22', 't0ken', 'Bearer abc', 's3cret']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

describe('requestContext', () => {
  it('carries the request id through awaits and forgets it afterwards', async () => {
    const seen = await requestContext.run({ requestId: 'r-ctx-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestId();
    });
    expect(seen).toBe('r-ctx-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('keeps concurrent requests apart', async () => {
    const run = (id: string, ms: number) =>
      requestContext.run({ requestId: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return currentRequestId();
      });
    expect(await Promise.all([run('first-0001', 15), run('second-002', 1)])).toEqual(['first-0001', 'second-002']);
  });
});
