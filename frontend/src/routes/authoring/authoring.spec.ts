import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { findTag, findTags, findTagWith, headingsInOrder, renderHead, renderHtml, textOf, titleOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: AuthoringPage } = await import('./+page.svelte');
const { load: enquiriesLoad } = await import('../admin/enquiries/+page.server');
const { load: newModuleLoad } = await import('./modules/new/+page.server');

const admin = { ...user, isPlatformAdmin: true };
const course = (slug: string, over: Record<string, unknown> = {}) => ({
  slug,
  title: `Course ${slug}`,
  status: 'draft',
  visibility: 'public',
  organisationName: null,
  version: 1,
  updatedAt: '2026-11-20T09:30:00.000Z',
  ...over
});
const module = (slug: string, lessonCount = 2) => ({ slug, title: `Module ${slug}`, lessonCount, updatedAt: '2026-11-21T10:00:00.000Z' });

type LoadData = { courses: { slug: string }[]; modules: { slug: string }[]; coursesProblem: string | null } & Record<string, unknown>;
const emptyData = {
  q: '',
  status: '',
  coursesCursor: '',
  modulesCursor: '',
  courses: [],
  coursesNext: null,
  coursesProblem: null,
  modules: [],
  modulesNext: null,
  modulesProblem: null
};
const render = (data: Record<string, unknown>) => renderHtml(AuthoringPage, { data: { ...emptyData, ...data }, form: null, params: {} } as never);

/** The two lists' answers, by path; anything else is a test failure. */
function answer(courses: unknown, modules: unknown) {
  api.client.GET.mockImplementation(async (path: string) => {
    if (path === '/api/authoring/courses') return courses;
    if (path === '/api/authoring/modules') return modules;
    throw new Error(`unexpected ${path}`);
  });
}

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

  it('sends someone whose session the API no longer accepts to sign in', async () => {
    answer(apiFail(401, 'UNAUTHENTICATED', 'Sign in'), apiOk({ items: [], nextCursor: null }));
    expect(await thrown(() => load(fakeEvent({ url: '/authoring?q=x', user: admin }) as never))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/authoring?q=x')}`
    });
  });
});

describe('authoring lists', () => {
  it('reads the authored lists from their two endpoints, with the search, status and each list’s cursor', async () => {
    answer(apiOk({ items: [course('mine')], nextCursor: 'c2' }), apiOk({ items: [module('m-mine')], nextCursor: null }));
    const data = (await load(fakeEvent({ url: '/authoring?q=+induction+&status=draft&coursesCursor=c1&modulesCursor=m1', user: admin }) as never)) as LoadData;
    expect(api.client.GET).toHaveBeenCalledTimes(2);
    expect(api.client.GET).toHaveBeenCalledWith('/api/authoring/courses', {
      params: { query: { q: 'induction', status: 'draft', cursor: 'c1', limit: 20 } }
    });
    expect(api.client.GET).toHaveBeenCalledWith('/api/authoring/modules', { params: { query: { q: 'induction', cursor: 'm1', limit: 20 } } });
    expect(data).toMatchObject({
      q: 'induction',
      status: 'draft',
      coursesCursor: 'c1',
      modulesCursor: 'm1',
      coursesNext: 'c2',
      modulesNext: null,
      coursesProblem: null,
      modulesProblem: null
    });
    expect(data.courses.map((c) => c.slug)).toEqual(['mine']);
    expect(data.modules.map((m) => m.slug)).toEqual(['m-mine']);
  });

  it('sends no filter for a blank search or an unknown status', async () => {
    answer(apiOk({ items: [], nextCursor: null }), apiOk({ items: [], nextCursor: null }));
    const data = (await load(fakeEvent({ url: '/authoring?q=+&status=archived&coursesCursor=', user: admin }) as never)) as LoadData;
    expect(api.client.GET).toHaveBeenCalledWith('/api/authoring/courses', {
      params: { query: { q: undefined, status: undefined, cursor: undefined, limit: 20 } }
    });
    expect(data).toMatchObject({ q: '', status: '', coursesCursor: '' });
  });

  it('says so when a page is no longer available, and still lists the other list', async () => {
    answer(apiFail(400, 'VALIDATION_FAILED', 'Validation failed'), apiOk({ items: [module('m-1')], nextCursor: null }));
    const data = (await load(fakeEvent({ url: '/authoring?coursesCursor=stale', user: admin }) as never)) as LoadData;
    expect(data.coursesProblem).toMatch(/no longer available/);
    expect(data.courses).toEqual([]);
    expect(data.modules.map((m) => m.slug)).toEqual(['m-1']);
  });

  it('shows both lists as tables with captions, links to each item, and keeps the filters in “Next page”', () => {
    const html = render({
      q: 'a b',
      status: 'draft',
      courses: [course('draft-one'), course('tailored', { status: 'published', visibility: 'organisation', organisationName: 'Safe <Homes>', version: 3 })],
      coursesNext: 'next/courses',
      modules: [module('unused', 0)],
      modulesNext: 'next-modules'
    });
    const captions = [...html.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => m[1]);
    expect(captions).toEqual(['Authored courses, most recently updated first', 'Authored modules, most recently updated first']);
    expect(findTagWith(html, 'a', 'href', '/authoring/courses/draft-one')).toBeTruthy();
    expect(findTagWith(html, 'a', 'href', '/authoring/modules/unused')).toBeTruthy();
    const text = textOf(html);
    expect(text).toContain('Draft');
    expect(text).toContain('Safe &lt;Homes>'); // the organisation's name is text, escaped
    expect(html).not.toContain('<Homes>');
    expect(text).toContain('Everyone (public)');
    const hrefs = findTags(html, 'a').map((a) => a.attrs.href);
    expect(hrefs).toContain('/authoring?q=a+b&amp;status=draft&amp;coursesCursor=next%2Fcourses');
    expect(hrefs).toContain('/authoring?q=a+b&amp;status=draft&amp;modulesCursor=next-modules');
    expect(text).toMatch(/Next page of courses/);
    expect(text).toMatch(/Next page of modules/);
  });

  it('has a GET search form with the search and status filter, which works without JavaScript', () => {
    const html = render({ q: 'induction', status: 'published' });
    const form = findTagWith(html, 'form', 'role', 'search');
    expect(form.attrs).toMatchObject({ method: 'GET', action: '/authoring' });
    expect(findTagWith(html, 'input', 'name', 'q').attrs.value).toBe('induction');
    expect(findTag(html, 'select').attrs.name).toBe('status');
    expect(html).toMatch(/<option value="published" selected/);
    expect(textOf(html)).toContain('No authored courses match these filters');
  });

  it('says when there is nothing authored yet, with one h1 and a title', () => {
    const props = { data: emptyData, form: null, params: {} } as never;
    const html = renderHtml(AuthoringPage, props);
    const text = textOf(html);
    expect(text).toContain('No authored courses yet');
    expect(text).toContain('No authored modules yet');
    expect(text).toMatch(/imported from backend\/content are read-only here/);
    expect(findTags(html, 'h1')).toHaveLength(1);
    expect(headingsInOrder(html)).toBe(true);
    expect(titleOf(renderHead(AuthoringPage, props))).toBe('Authoring · HTMSE Academy');
  });
});
