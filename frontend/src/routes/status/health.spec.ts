import { describe, expect, it } from 'vitest';
import { describeState, parseHealth } from './health';

describe('parseHealth', () => {
  it('reads a healthy 200 body', () => {
    const report = parseHealth({ status: 'ok', database: 'up', queue: 'inline' }, 200);
    expect(report.operational).toBe(true);
    expect(report.components).toEqual([
      { name: 'Database', state: 'up' },
      { name: 'Job queue', state: 'inline' }
    ]);
  });

  it('reads component states from `details` in a 503 error body', () => {
    const report = parseHealth(
      {
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'Database unreachable',
        details: { database: 'down', queue: 'up' },
        requestId: 'req-123'
      },
      503
    );
    expect(report.operational).toBe(false);
    expect(report.httpStatus).toBe(503);
    expect(report.components).toEqual([
      { name: 'Database', state: 'down' },
      { name: 'Job queue', state: 'up' }
    ]);
    expect(report.message).toBe('Database unreachable');
    expect(report.requestId).toBe('req-123');
  });

  it('never reports operational on a non-2xx status, whatever the body says', () => {
    expect(parseHealth({ status: 'ok', database: 'up', queue: 'up' }, 503).operational).toBe(false);
  });

  it('marks missing or unexpected values as unknown instead of trusting them', () => {
    const report = parseHealth('<html>Bad gateway</html>', 502);
    expect(report.operational).toBe(false);
    expect(report.components.map((c) => c.state)).toEqual(['unknown', 'unknown']);
    expect(parseHealth({ database: 'sideways' }, 200).components[0]?.state).toBe('unknown');
  });
});

describe('describeState', () => {
  it('uses plain-language labels for each state', () => {
    expect(describeState('up')).toBe('Operational');
    expect(describeState('inline')).toBe('Running in-process (no Redis)');
    expect(describeState('down')).toBe('Unavailable');
    expect(describeState('unknown')).toBe('Unknown');
  });
});
