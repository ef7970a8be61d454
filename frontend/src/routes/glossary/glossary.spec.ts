import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: GlossaryPage } = await import('./+page.svelte');

type LoadEvent = Parameters<typeof load>[0];
const event = { fetch, locals: { requestId: 'req-g', accessToken: 'token-1', user: { id: 'u' } }, url: new URL('http://x/glossary') } as unknown as LoadEvent;

const terms = [
  { slug: 'big-data', term: 'Big data', definition: 'A phrase commonly used for very large sets of data.', label: 'course-explanation' },
  { slug: 'thick-data', term: 'Thick data', definition: 'Rich, qualitative information.', label: 'course-explanation' }
];
const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });

beforeEach(() => {
  api.GET.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET });
});

describe('glossary page', () => {
  it('loads the terms from the API without the visitor’s credentials', async () => {
    api.GET.mockResolvedValue(ok({ terms }));
    expect(await load(event)).toEqual({ terms });
    expect(api.GET).toHaveBeenCalledWith('/api/glossary');
    expect(api.createApiClient.mock.calls[0]![1]).toMatchObject({ accessToken: undefined });
  });

  it('answers 503 when the API is down', async () => {
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    await expect(load(event)).rejects.toMatchObject({ status: 503 });
  });

  it('shows each term with an anchor lessons link to, and labels every definition as the course’s own', () => {
    const out = renderHtml(GlossaryPage, { data: { terms } } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(findTags(out, 'dt').map((t) => t.attrs.id)).toEqual(['big-data', 'thick-data']);
    const text = textOf(out);
    expect(text).toContain('Big data A phrase commonly used for very large sets of data.');
    expect(text.split('This course’s own explanation, not a finding of any publication in the library.')).toHaveLength(3);
  });

  it('says so when there are no terms', () => {
    const out = renderHtml(GlossaryPage, { data: { terms: [] } } as never);
    expect(textOf(out)).toContain('No terms yet');
    expect(findTags(out, 'dl')).toHaveLength(0);
  });
});
