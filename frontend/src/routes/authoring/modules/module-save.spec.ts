import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, user } from '#lib/event-test-helpers.js';
import { renderHtml } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions } = await import('./[moduleSlug]/+page.server');
const { default: ModulePage } = await import('./[moduleSlug]/+page.svelte');

const admin = { ...user, isPlatformAdmin: true };
type Run = (event: never) => Promise<unknown>;
const run = (fn: unknown) => fn as Run;
const [loaded, saved] = ['1'.repeat(64), '2'.repeat(64)];
const save = (form: Record<string, string>) =>
  fakeEvent({ url: '/authoring/modules/indicators?/save', form, user: admin, params: { moduleSlug: 'indicators' } });

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('module save', () => {
  it('sends the revision the page loaded as If-Match, and carries the saved one on', async () => {
    api.client.PATCH.mockResolvedValue(apiOk({ slug: 'indicators', title: 'T', summary: 'S', revision: saved }));
    const result = await run(actions.save)(save({ title: 'T', summary: 'S', revision: loaded }) as never);
    expect(api.client.PATCH).toHaveBeenCalledWith('/api/authoring/modules/{moduleSlug}', {
      params: { path: { moduleSlug: 'indicators' }, header: { 'If-Match': `"${loaded}"` } },
      body: { title: 'T', summary: 'S' }
    });
    expect(result).toMatchObject({ values: { title: 'T', revision: saved }, success: 'Module saved.' });
  });

  it('says so when someone else saved first (412), keeping what was typed and the loaded revision', async () => {
    api.client.PATCH.mockResolvedValue(apiFail(412, 'PRECONDITION_FAILED', 'This module was changed by someone else after you loaded it.'));
    const result = await run(actions.save)(save({ title: 'Mine', summary: 'S', revision: loaded }) as never);
    expect(result).toMatchObject({
      status: 412,
      data: { problem: 'This module was changed by someone else after you loaded it.', values: { title: 'Mine', revision: loaded } }
    });
  });

  it('puts the loaded revision into the form', () => {
    const mod = { slug: 'indicators', title: 'T', summary: 'S', publicationSlug: 'p', origin: 'authored', revision: loaded, lessons: [] };
    const html = renderHtml(ModulePage, { data: { module: mod, created: false }, form: null, params: { moduleSlug: 'indicators' } } as never);
    expect(html).toContain(`name="revision" value="${loaded}"`);
  });
});
