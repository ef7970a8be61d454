import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PinoNestLogger } from './logger.js';
import { currentRequestId, requestContext } from './request-context.js';

function capture(level: pino.LevelWithSilent = 'trace') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

const levelOf = (name: string) => pino.levels.values[name];

describe('PinoNestLogger', () => {
  it('writes Nest string messages at the matching pino level with their context', () => {
    const { logger, lines } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn('deprecated option', 'Config');
    nest.debug('resolving', 'InstanceLoader');
    nest.verbose('very detailed', 'RoutesResolver');
    nest.fatal('cannot continue', 'Bootstrap');

    expect(lines.map((l) => [l.level, l.msg, l.context])).toEqual([
      [levelOf('info'), 'Nest application successfully started', 'NestApplication'],
      [levelOf('warn'), 'deprecated option', 'Config'],
      [levelOf('debug'), 'resolving', 'InstanceLoader'],
      [levelOf('trace'), 'very detailed', 'RoutesResolver'],
      [levelOf('fatal'), 'cannot continue', 'Bootstrap'],
    ]);
  });

  it('keeps the stack trace of Nest errors', () => {
    const { logger, lines } = capture();
    new PinoNestLogger(logger).error('Failed to start', 'Error: boom\n    at x.js:1', 'ExceptionHandler');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: levelOf('error'),
      msg: 'Failed to start',
      trace: 'Error: boom\n    at x.js:1',
      context: 'ExceptionHandler',
    });
  });

  it('merges object messages into the log line', () => {
    const { logger, lines } = capture();
    new PinoNestLogger(logger).log({ route: '/api/health', method: 'GET' }, 'RouterExplorer');
    expect(lines[0]).toMatchObject({ route: '/api/health', method: 'GET', context: 'RouterExplorer' });
  });

  it('respects the logger level', () => {
    const { logger, lines } = capture('warn');
    const nest = new PinoNestLogger(logger);
    nest.log('hidden');
    nest.debug('hidden');
    nest.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
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
