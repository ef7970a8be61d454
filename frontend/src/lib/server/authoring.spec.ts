import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from './api';
import { moduleChoices } from './authoring';

const page = (items: { slug: string; title: string }[], nextCursor: string | null) => ({
  data: { items, nextCursor },
  error: undefined,
  response: new Response(null, { status: 200 })
});

describe('moduleChoices', () => {
  it('reads the one module list a page at a time, following the cursor', async () => {
    const GET = vi
      .fn()
      .mockResolvedValueOnce(page([{ slug: 'a', title: 'A' }], 'next'))
      .mockResolvedValueOnce(page([{ slug: 'b', title: 'B' }], null));
    expect(await moduleChoices({ GET } as unknown as ApiClient)).toEqual([
      { slug: 'a', title: 'A' },
      { slug: 'b', title: 'B' }
    ]);
    expect(GET).toHaveBeenCalledTimes(2);
    expect(GET).toHaveBeenNthCalledWith(1, '/api/course-modules', { params: { query: { limit: 100, cursor: undefined } } });
    expect(GET).toHaveBeenNthCalledWith(2, '/api/course-modules', { params: { query: { limit: 100, cursor: 'next' } } });
  });

  it('stops at ten pages, and gives what it has when the API fails', async () => {
    const endless = vi.fn().mockResolvedValue(page([{ slug: 'x', title: 'X' }], 'more'));
    expect(await moduleChoices({ GET: endless } as unknown as ApiClient)).toHaveLength(10);
    const failing = vi.fn().mockResolvedValue({ data: undefined, error: { code: 'INTERNAL_ERROR' }, response: new Response(null, { status: 500 }) });
    expect(await moduleChoices({ GET: failing } as unknown as ApiClient)).toEqual([]);
  });
});
