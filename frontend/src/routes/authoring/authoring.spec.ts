import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiOk, fakeApi, fakeEvent, thrown, user } from '$lib/event-test-helpers';
import { headingsInOrder, renderHead, renderHtml, textOf, titleOf } from '$lib/test-helpers';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('$lib/server/api', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: AuthoringPage } = await import('./+page.svelte');
const { load: enquiriesLoad } = await import('../admin/enquiries/+page.server');
const { load: newModuleLoad } = await import('./modules/new/+page.server');

const admin = { ...user, isPlatformAdmin: true };
const course = (slug: string, origin: 'content' | 'authored') => ({
  slug,
  title: `Course ${slug}`,
  summary: '',
  audience: '',
  objectives: [],
  status: 'published',
  visibility: 'public',
  organisationId: null,
  origin,
  version: 1,
  publishedAt: '2026-01-01T00:00:00.000Z',
  passMark: 70,
  defaultDuePeriodDays: null,
  modules: [{ position: 1, slug: `m-${slug}`, title: `Module ${slug}` }]
});

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('authoring access', () => {
  it('refuses people who are not platform admins with 403, without asking the API', async () => {
    const event = fakeEvent({ url: '/authoring', user });
    expect(await thrown(() => load(event as never))).toMatchObject({ status: 403 });
    expect(await thrown(() => newModuleLoad(fakeEvent({ url: '/authoring/modules/new', user }) as never))).toMatchObject({ status: 403 });
    expect(await thrown(() => enquiriesLoad(fakeEvent({ url: '/admin/enquiries', user }) as never))).toMatchObject({ status: 403 });
    expect(api.client.GET).not.toHaveBeenCalled();
  });

  it('sends someone signed out to sign in and come back', async () => {
    expect(await thrown(() => load(fakeEvent({ url: '/authoring' }) as never))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/authoring')}`
    });
  });

  it('lists only authored courses and modules, not imported ones', async () => {
    api.client.GET.mockImplementation(async (path: string, init: { params: { path?: Record<string, string> } }) => {
      if (path === '/api/courses') return apiOk({ items: [{ slug: 'imported' }, { slug: 'mine' }], nextCursor: null });
      if (path === '/api/courses/{slug}') {
        const slug = init.params.path!.slug!;
        return apiOk({ modules: [{ slug: `m-${slug}`, title: `Module ${slug}` }] });
      }
      if (path === '/api/authoring/courses/{courseSlug}') {
        const slug = init.params.path!.courseSlug!;
        return apiOk(course(slug, slug === 'mine' ? 'authored' : 'content'));
      }
      if (path === '/api/authoring/modules/{moduleSlug}') {
        const slug = init.params.path!.moduleSlug!;
        return apiOk({ slug, title: slug, summary: '', publicationSlug: 'p', origin: slug === 'm-mine' ? 'authored' : 'content', lessons: [] });
      }
      throw new Error(`unexpected ${path}`);
    });
    const data = (await load(fakeEvent({ url: '/authoring', user: admin }) as never)) as {
      courses: { slug: string }[];
      modules: { slug: string }[];
    };
    expect(data.courses.map((c) => c.slug)).toEqual(['mine']);
    expect(data.modules.map((m) => m.slug)).toEqual(['m-mine']);
  });

  it('opens a draft by its slug', async () => {
    expect(await thrown(() => load(fakeEvent({ url: '/authoring?course=draft-one', user: admin }) as never))).toMatchObject({
      status: 303,
      location: '/authoring/courses/draft-one'
    });
  });

  it('says imported content is edited in files, with one h1 and a title', () => {
    const props = { data: { courses: [], modules: [], problem: null, openProblem: null }, form: null, params: {} } as never;
    const html = renderHtml(AuthoringPage, props);
    expect(textOf(html)).toMatch(/imported from backend\/content are read-only here/);
    expect(headingsInOrder(html)).toBe(true);
    expect(titleOf(renderHead(AuthoringPage, props))).toBe('Authoring · HTMSE Academy');
  });
});
