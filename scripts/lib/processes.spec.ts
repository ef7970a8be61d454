import { describe, expect, it } from 'vitest';
import { formatLogLine, needsAttention } from './processes.js';

const entry = (fields: Record<string, unknown>) => JSON.stringify({ time: '2026-12-02T09:31:02.000Z', pid: 1, ...fields });

describe("npm start's terminal filter", () => {
  it('keeps start-up chatter off the terminal: INFO entries and plain stdout lines', () => {
    expect(needsAttention(entry({ level: 30, context: 'RouterExplorer', msg: 'Mapped {/api/health, GET} route' }), false)).toBe(false);
    expect(needsAttention(entry({ level: 30, context: 'InstanceLoader', msg: 'AppModule dependencies initialized' }), false)).toBe(false);
    expect(needsAttention(entry({ level: 20, msg: 'debugging' }), true)).toBe(false);
    expect(needsAttention('Listening on http://127.0.0.1:3000', false)).toBe(false);
  });

  it('shows warnings, errors and fatal entries, and non-JSON lines on stderr (a stack trace)', () => {
    expect(needsAttention(entry({ level: 40, msg: 'Redis is unreachable' }), false)).toBe(true);
    expect(needsAttention(entry({ level: 50, msg: 'job failed' }), false)).toBe(true);
    expect(needsAttention(entry({ level: 60, msg: 'cannot start' }), true)).toBe(true);
    expect(needsAttention('TypeError: x is not a function', true)).toBe(true);
    expect(needsAttention('    at main (file.js:1:1)', true)).toBe(true);
    expect(needsAttention('', true)).toBe(false);
  });

  it("leaves the access log's 4xx warnings in the log file, but shows its 5xx errors", () => {
    const access = (statusCode: number, level: number) =>
      entry({ level, req: { method: 'GET', url: '/api/me' }, res: { statusCode }, msg: 'request completed' });
    expect(needsAttention(access(401, 40), false)).toBe(false);
    expect(needsAttention(access(404, 40), false)).toBe(false);
    expect(needsAttention(access(500, 50), false)).toBe(true);
  });

  it('formats what it shows as "time name LEVEL message (error)"', () => {
    const line = entry({ level: 50, msg: 'job failed', err: { message: 'boom' } });
    expect(formatLogLine('worker', line, true)).toBe('09:31:02 worker  ERROR job failed (boom)');
    expect(formatLogLine('worker', line, false)).toBe(line);
    expect(formatLogLine('web', 'plain text', true)).toBe('web     plain text');
  });
});
