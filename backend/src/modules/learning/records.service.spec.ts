import { describe, expect, it } from 'vitest';
import { DomainError } from '../../common/errors/domain-error.js';
import { parseRange, STREAM_BATCH, statementStream } from './records.service.js';
import type { Keyset, StoredStatementRow } from './statements.repository.js';

const rows = Array.from({ length: 1234 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  storedKey: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  json: JSON.stringify({ id: i, note: 'a "quoted", text' }),
}));

/** A fake table read in keyset order, recording what each query asked for. */
function table() {
  const asked: number[] = [];
  const fetch = async (after: Keyset, count: number): Promise<StoredStatementRow[]> => {
    asked.push(count);
    const from = after ? rows.findIndex((r) => r.id === after.id) + 1 : 0;
    return rows.slice(from, from + count);
  };
  return { asked, fetch };
}

async function read(stream: NodeJS.ReadableStream): Promise<{ chunks: number; body: { statements: { id: number }[]; more: string } }> {
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    text += String(chunk);
    chunks++;
  }
  return { chunks, body: JSON.parse(text) as { statements: { id: number }[]; more: string } };
}

describe('statementStream', () => {
  it('writes a page of `limit` in batches of at most STREAM_BATCH rows, and a more link after the last one written', async () => {
    const { asked, fetch } = table();
    const { body, chunks } = await read(await statementStream(fetch, null, 1000, (last) => `next after ${last.id}`));
    expect(asked).toEqual([STREAM_BATCH, STREAM_BATCH, 1]);
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(body.statements.map((s) => s.id)).toEqual(rows.slice(0, 1000).map((_, i) => i));
    expect(body.more).toBe(`next after ${rows[999]!.id}`);
  });

  it('ends with an empty more when the rows run out, also exactly at a batch boundary', async () => {
    const { fetch } = table();
    const all = await read(await statementStream(fetch, null, Number.POSITIVE_INFINITY, () => 'never'));
    expect(all.body.statements).toHaveLength(1234);
    expect(all.body.more).toBe('');
    const exact = table();
    const rest = await read(await statementStream(exact.fetch, { stored: rows[233]!.storedKey, id: rows[233]!.id }, 1000, () => 'never'));
    expect(rest.body.statements).toHaveLength(1000);
    expect(rest.body.more).toBe('');
  });

  it('answers an empty list as valid JSON', async () => {
    const { body } = await read(
      await statementStream(
        async () => [],
        null,
        10,
        () => 'never',
      ),
    );
    expect(body).toEqual({ statements: [], more: '' });
  });

  it('reads the first batch before handing the stream over, so a failing query is an ordinary error', async () => {
    await expect(
      statementStream(
        async () => {
          throw new Error('database down');
        },
        null,
        10,
        () => '',
      ),
    ).rejects.toThrow('database down');
  });
});

describe('parseRange', () => {
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof DomainError ? (e.details as { fields: { field: string }[] }).fields.map((f) => f.field) : String(e);
    }
    return 'accepted';
  };

  it('accepts instants with a zone and plain dates (midnight UTC), either alone', () => {
    expect(parseRange({ since: '2026-01-31' })).toEqual({ since: '2026-01-31T00:00:00Z', until: null });
    expect(parseRange({ until: '2026-01-31T09:30:00.5+02:00' })).toEqual({ since: null, until: '2026-01-31T09:30:00.5+02:00' });
    expect(parseRange({})).toEqual({ since: null, until: null });
    expect(parseRange({ since: '2026-01-31T09:30:00+01', until: '2026-01-31T09:30:00.001+0100' })).toEqual({
      since: '2026-01-31T09:30:00+01',
      until: '2026-01-31T09:30:00.001+0100',
    });
  });

  it('refuses what PostgreSQL would not read or what is ambiguous, naming the field', () => {
    expect(field(() => parseRange({ since: 'last week' }))).toEqual(['since']);
    expect(field(() => parseRange({ since: '2026-02-29' }))).toEqual(['since']);
    expect(field(() => parseRange({ until: '2026-01-31T25:00:00Z' }))).toEqual(['until']);
    expect(field(() => parseRange({ until: '2026-01-31T09:00:00' }))).toEqual(['until']);
    expect(field(() => parseRange({ since: '0000-01-01T00:00:00Z' }))).toEqual(['since']);
  });

  it('refuses a range that ends before it starts, or is empty, naming until', () => {
    expect(field(() => parseRange({ since: '2026-02-01', until: '2026-01-01' }))).toEqual(['until']);
    expect(field(() => parseRange({ since: '2026-01-01T00:00:00Z', until: '2026-01-01T01:00:00+01:00' }))).toEqual(['until']);
    expect(field(() => parseRange({ since: '2026-01-01', until: '2026-01-01T00:00:00.001Z' }))).toBe('accepted');
  });
});
