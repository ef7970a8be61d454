import { beforeEach, describe, expect, it, vi } from 'vitest';
import { batch } from '#lib/certificates/test-fixtures.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));
vi.mock('$app/navigation', () => ({ invalidateAll: vi.fn() }));

const { load, actions } = await import('./+page.server');
const { default: Page } = await import('./+page.svelte');
const { load: batchLoad } = await import('./batches/[batchId]/+page.server');
const { default: BatchPage } = await import('./batches/[batchId]/+page.svelte');

const ORG_ID = '4a1e2f3c-5b6d-4e7f-8a9b-1c2d3e4f5a6b';
const BATCH_ID = batch().id;
const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
const problem = (status: number, code: string, message = 'refused') => ({
  data: undefined,
  error: { statusCode: status, code, message },
  response: new Response(null, { status })
});
const platformAdmin = { id: 'u1', email: 'a@example.org', displayName: 'A', emailVerified: true, isPlatformAdmin: true, memberships: [] };
const eventAt = (
  url: string,
  { user = platformAdmin as unknown, form, params = {} }: { user?: unknown; form?: Record<string, string>; params?: Record<string, string> } = {}
) =>
  ({
    fetch,
    locals: { requestId: 'req-1', user, accessToken: user ? 'token-1' : null },
    params,
    url: new URL(url, 'http://localhost'),
    request: form
      ? new Request(new URL(url, 'http://localhost'), { method: 'POST', body: new URLSearchParams(form) })
      : new Request(new URL(url, 'http://localhost'))
  }) as never;

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET, POST: api.POST });
});

describe('admin certificates', () => {
  it('is for platform admins only', async () => {
    await expect(load(eventAt('/admin/certificates', { user: { ...platformAdmin, isPlatformAdmin: false } }))).rejects.toMatchObject({ status: 403 });
  });

  it('finds organisations by name, then lists the chosen one’s certificates', async () => {
    api.GET.mockResolvedValue(ok({ items: [{ id: ORG_ID, name: 'La Strada', role: null }], nextCursor: null }));
    expect(await load(eventAt('/admin/certificates?q=strada'))).toMatchObject({
      organisation: null,
      q: 'strada',
      organisations: [{ id: ORG_ID, name: 'La Strada' }]
    });
    expect(api.GET).toHaveBeenCalledWith('/api/organisations', { params: { query: { q: 'strada', limit: 20 } } });

    api.GET.mockImplementation((path: string) =>
      Promise.resolve(path === '/api/organisations/{organisationId}' ? ok({ id: ORG_ID, name: 'La Strada', role: null }) : ok({ items: [], nextCursor: null }))
    );
    expect(await load(eventAt(`/admin/certificates?organisation=${ORG_ID}`))).toMatchObject({
      organisation: { id: ORG_ID, name: 'La Strada' },
      list: { certificates: [], problem: null }
    });
    await expect(load(eventAt('/admin/certificates?organisation=nope'))).rejects.toMatchObject({ status: 404 });
  });

  it('starts a re-issue for the organisation with a reason and goes to its progress', async () => {
    const reissue = actions.reissue as unknown as (event: never) => Promise<unknown>;
    api.POST.mockResolvedValue(ok({ id: BATCH_ID, total: 3 }));
    await expect(reissue(eventAt('/admin/certificates?/reissue', { form: { organisationId: ORG_ID, reason: 'Names corrected' } }))).rejects.toMatchObject({
      status: 303,
      location: `/admin/certificates/batches/${BATCH_ID}`
    });
    expect(api.POST).toHaveBeenCalledWith('/api/admin/certificates/batches', { body: { organisationId: ORG_ID, reason: 'Names corrected' } });
    expect(await reissue(eventAt('/admin/certificates?/reissue', { form: { organisationId: ORG_ID, reason: '' } }))).toMatchObject({
      status: 400,
      data: { errors: { batchReason: 'Enter the reason for re-issuing' } }
    });
  });

  it('links the queue dashboard as a full page load, and offers the re-issue form for a chosen organisation', () => {
    const list = { certificates: [], nextCursor: null, status: '', cursor: '', revoking: '', problem: null };
    const out = renderHtml(Page, {
      data: { organisation: { id: ORG_ID, name: 'La Strada' }, q: '', organisations: [], organisationsProblem: null, list },
      form: null
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(findTags(out, 'a').find((a) => a.attrs.href === '/admin/queues')?.attrs).toHaveProperty('data-sveltekit-reload');
    expect(findTags(out, 'form').find((f) => f.attrs.method === 'POST')?.attrs.action).toBe(`?/reissue&amp;organisation=${ORG_ID}`);
  });
});

describe('a re-issue’s progress', () => {
  it('reads the batch, and answers 404 for an unknown one', async () => {
    api.GET.mockResolvedValue(ok(batch()));
    expect(await batchLoad(eventAt(`/admin/certificates/batches/${BATCH_ID}`, { params: { batchId: BATCH_ID } }))).toEqual({ batch: batch() });
    expect(api.GET).toHaveBeenCalledWith('/api/admin/certificates/batches/{batchId}', { params: { path: { batchId: BATCH_ID } } });
    api.GET.mockResolvedValue(problem(404, 'NOT_FOUND'));
    await expect(batchLoad(eventAt(`/admin/certificates/batches/${BATCH_ID}`, { params: { batchId: BATCH_ID } }))).rejects.toMatchObject({ status: 404 });
    api.GET.mockReset();
    await expect(batchLoad(eventAt('/admin/certificates/batches/b2', { params: { batchId: 'b2' } }))).rejects.toMatchObject({ status: 404 });
    expect(api.GET).not.toHaveBeenCalled();
  });

  it('shows how far it has gone, and a link to check again while it runs', () => {
    const out = renderHtml(BatchPage, { data: { batch: batch({ failed: 1 }) } } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('In progress: 1 of 4 certificates issued, 1 failed.');
    expect(findTags(out, 'div').find((d) => d.attrs.role === 'progressbar')?.attrs['aria-valuenow']).toBe('50');
    expect(findTags(out, 'a').some((a) => a.attrs.href === `/admin/certificates/batches/${BATCH_ID}`)).toBe(true);
    const done = renderHtml(BatchPage, { data: { batch: batch({ done: 3, skipped: 1, state: 'done' }) } } as never);
    expect(textOf(done)).toContain('Finished: 3 of 4 certificates issued, 1 not needed.');
    expect(findTags(done, 'a').some((a) => a.attrs.href === `/admin/certificates/batches/${BATCH_ID}`)).toBe(false);
  });
});
