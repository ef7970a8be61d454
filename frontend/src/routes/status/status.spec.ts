import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTag, findTagWith, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';
import { parseHealth, type HealthReport } from './health';

const api = vi.hoisted(() => ({ GET: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: StatusPage } = await import('./+page.svelte');

type LoadEvent = Parameters<typeof load>[0];
const event = { fetch, locals: { requestId: 'req-page-1' } } as unknown as LoadEvent;

beforeEach(() => {
  api.GET.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET });
});

describe('status load', () => {
  it('reports a healthy API from the 200 body and forwards the request id', async () => {
    api.GET.mockResolvedValue({
      data: { status: 'ok', database: 'up', queue: 'up' },
      error: undefined,
      response: new Response(null, { status: 200 })
    });
    const result = await load(event);
    expect(api.createApiClient).toHaveBeenCalledWith(fetch, { requestId: 'req-page-1' });
    expect(api.GET).toHaveBeenCalledWith('/api/health');
    expect(result).toMatchObject({ reachable: true, health: { operational: true, httpStatus: 200 } });
  });

  it('reads component states from a 503 error body', async () => {
    api.GET.mockResolvedValue({
      data: undefined,
      error: { statusCode: 503, message: 'Down', details: { database: 'down', queue: 'inline' } },
      response: new Response(null, { status: 503 })
    });
    const result = await load(event);
    expect(result).toMatchObject({ reachable: true, health: { operational: false, httpStatus: 503 } });
    expect((result as { health: HealthReport }).health.components.map((c) => c.state)).toEqual(['down', 'inline']);
  });

  it('reports the API as unreachable when the request throws', async () => {
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    expect(await load(event)).toEqual({ reachable: false, health: null });
  });
});

describe('status page', () => {
  // PageProps also carries params and the layout data; the page only reads `data`.
  const renderPage = (data: unknown) => renderHtml(StatusPage, { data } as never);

  it('shows a success alert and the component table when all is well', () => {
    const out = renderPage({
      reachable: true,
      health: parseHealth({ status: 'ok', database: 'up', queue: 'inline' }, 200)
    });
    expect(headingsInOrder(out)).toBe(true);
    expect(findTagWith(out, 'div', 'role', 'status')).toBeDefined();
    expect(textOf(out)).toContain('All systems operational');
    expect(textOf(out)).toContain('Database Operational');
    expect(textOf(out)).toContain('Job queue Running in-process (no Redis)');
  });

  it('shows a danger alert with the reference when a component is down', () => {
    const out = renderPage({
      reachable: true,
      health: parseHealth({ message: 'Database unreachable', details: { database: 'down', queue: 'up' }, requestId: 'r-1' }, 503)
    });
    expect(findTagWith(out, 'div', 'role', 'alert')).toBeDefined();
    const text = textOf(out);
    expect(text).not.toContain('All systems operational');
    expect(text).toContain('Database unreachable');
    expect(text).toContain('Reference: r-1');
    expect(text).toContain('Database Unavailable');
  });

  it('says the API could not be reached, without a table, when the fetch failed', () => {
    const out = renderPage({ reachable: false, health: null });
    expect(textOf(out)).toContain('The API could not be reached');
    expect(out).not.toContain('<table');
    expect(findTag(out, 'h1')).toBeDefined();
  });
});
