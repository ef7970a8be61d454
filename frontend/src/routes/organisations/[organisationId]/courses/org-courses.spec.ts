import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiOk, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load, actions } = await import('./+page.server');
const { load: editLoad } = await import('./[courseSlug]/+page.server');
const { default: CoursesPage } = await import('./+page.svelte');

const ORG_ID = '22222222-2222-4222-8222-222222222222';
const organisation = (role: string) => ({ id: ORG_ID, name: 'La Strada', slug: 'la-strada', createdAt: '2026-01-01T00:00:00.000Z', role, memberCount: 3 });

function answer(role: string) {
  api.client.GET.mockImplementation(async (path: string) => {
    if (path === '/api/organisations/{organisationId}') return apiOk(organisation(role));
    if (path === '/api/organisations/{organisationId}/courses') return apiOk({ items: [], nextCursor: null });
    if (path === '/api/course-modules') return apiOk({ items: [], nextCursor: null });
    throw new Error(`unexpected ${path}`);
  });
}

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('organisation courses', () => {
  it('shows learners the list only', async () => {
    answer('learner');
    const data = (await load(fakeEvent({ url: `/organisations/${ORG_ID}/courses`, user, params: { organisationId: ORG_ID } }) as never)) as Record<
      string,
      unknown
    >;
    expect(data.canEdit).toBe(false);
    const html = renderHtml(CoursesPage, { data, form: null, params: { organisationId: ORG_ID } } as never);
    expect(textOf(html)).not.toContain('Assemble a course');
  });

  it('lets trainers assemble a course', async () => {
    answer('trainer');
    const data = (await load(fakeEvent({ url: `/organisations/${ORG_ID}/courses`, user, params: { organisationId: ORG_ID } }) as never)) as Record<
      string,
      unknown
    >;
    expect(data.canEdit).toBe(true);
    const html = renderHtml(CoursesPage, { data, form: null, params: { organisationId: ORG_ID } } as never);
    expect(textOf(html)).toContain('Assemble a course');
    expect(html).toContain('action="?/create"');
    // Who can see it: a fieldset named by its legend, two labelled radios, the whole organisation chosen by default.
    const fieldset = html.match(/<fieldset class="published-to[^"]*"[^>]*>[\s\S]*?<\/fieldset>/)?.[0] ?? '';
    expect(fieldset).toMatch(/aria-describedby="publishedTo-hint"/);
    expect(textOf(fieldset)).toContain('Who can see this course');
    expect(textOf(fieldset)).toContain('Everyone in La Strada');
    expect(textOf(fieldset)).toContain('Only cohorts it is assigned to');
    expect(fieldset).toMatch(/<input type="radio" id="publishedTo" name="publishedTo" value="organisation" checked/);
    expect(fieldset).toMatch(/<label for="publishedTo">/);
    expect(fieldset).toMatch(/<label for="publishedTo-cohorts">/);
    expect(fieldset).not.toMatch(/value="cohorts" checked/);
  });

  it('refuses learners the editor with 403', async () => {
    answer('learner');
    const event = fakeEvent({
      url: `/organisations/${ORG_ID}/courses/induction-3f9a1c`,
      user,
      params: { organisationId: ORG_ID, courseSlug: 'induction-3f9a1c' }
    });
    expect(await thrown(() => editLoad(event as never))).toMatchObject({ status: 403 });
  });

  it('creates with the modules in order, then opens the course', async () => {
    api.client.POST.mockResolvedValue(apiOk({ slug: 'induction-3f9a1c' }, 201));
    const base = fakeEvent({ url: `/organisations/${ORG_ID}/courses?/create`, form: {}, user, params: { organisationId: ORG_ID } });
    const body = new FormData();
    for (const [k, v] of Object.entries({ title: 'Induction', summary: '', passMark: '60', defaultDuePeriodDays: '30' })) body.set(k, v);
    body.append('moduleSlugs', 'b');
    body.append('moduleSlugs', 'a');
    const event = { ...base, request: new Request(base.url, { method: 'POST', body }) };
    expect(await thrown(() => (actions.create as unknown as (e: never) => Promise<unknown>)(event as never))).toMatchObject({
      status: 303,
      location: `/organisations/${ORG_ID}/courses/induction-3f9a1c?created=1`
    });
    expect(api.client.POST).toHaveBeenCalledWith('/api/organisations/{organisationId}/courses', {
      params: { path: { organisationId: ORG_ID } },
      body: { title: 'Induction', summary: undefined, moduleSlugs: ['b', 'a'], passMark: 60, defaultDuePeriodDays: 30 }
    });
  });

  /** The create action on a posted form: the title, pass mark and one module, with `fields`. */
  function create(fields: Record<string, string>): Promise<unknown> {
    const base = fakeEvent({ url: `/organisations/${ORG_ID}/courses?/create`, form: {}, user, params: { organisationId: ORG_ID } });
    const body = new FormData();
    for (const [k, v] of Object.entries({ title: 'Induction', passMark: '60', ...fields })) body.set(k, v);
    body.append('moduleSlugs', 'a');
    return (actions.create as unknown as (e: never) => Promise<unknown>)({ ...base, request: new Request(base.url, { method: 'POST', body }) } as never);
  }

  it('sends who can see the course, and refuses a choice that is neither without asking the API', async () => {
    api.client.POST.mockResolvedValue(apiOk({ slug: 'induction-3f9a1c' }, 201));
    expect(await thrown(() => create({ publishedTo: 'cohorts' }))).toMatchObject({ status: 303 });
    expect(api.client.POST).toHaveBeenCalledWith('/api/organisations/{organisationId}/courses', {
      params: { path: { organisationId: ORG_ID } },
      body: expect.objectContaining({ publishedTo: 'cohorts' })
    });
    api.client.POST.mockClear();
    const refused = (await create({ publishedTo: 'everyone' })) as { status: number; data: { errors: Record<string, string> } };
    expect(refused.status).toBe(400);
    expect(refused.data.errors.publishedTo).toMatch(/Choose who can see this course/);
    expect(api.client.POST).not.toHaveBeenCalled();
  });
});
