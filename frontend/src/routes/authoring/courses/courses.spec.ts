import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions } = await import('./[courseSlug]/+page.server');
const { actions: newActions } = await import('./new/+page.server');
const { default: CoursePage } = await import('./[courseSlug]/+page.svelte');

const admin = { ...user, isPlatformAdmin: true };
type Run = (event: never) => Promise<unknown>;
const run = (fn: unknown) => fn as Run;

/** A course form post: `moduleSlugs` repeated in order, as the hidden inputs send them. */
function post(action: string, fields: Record<string, string>, modules: string[], who = admin) {
  const event = fakeEvent({ url: `/authoring/courses/intro?/${action}`, form: fields, user: who, params: { courseSlug: 'intro' } });
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  for (const slug of modules) body.append('moduleSlugs', slug);
  return { ...event, request: new Request(event.url, { method: 'POST', body }) };
}

const fields = { title: 'Intro', summary: 'S', audience: 'All', objectives: 'One\nTwo', passMark: '70', defaultDuePeriodDays: '' };

const course = {
  slug: 'intro',
  title: 'Intro',
  summary: 'S',
  audience: 'All',
  objectives: ['One'],
  status: 'published',
  visibility: 'public',
  organisationId: null,
  origin: 'authored',
  version: 3,
  publishedAt: '2026-01-01T00:00:00.000Z',
  passMark: 70,
  defaultDuePeriodDays: null,
  modules: [
    { position: 1, slug: 'a', title: 'Alpha' },
    { position: 2, slug: 'b', title: 'Beta' }
  ]
};

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('module reorder action', () => {
  it('moves a module up, keeping everything typed and saving nothing', async () => {
    const result = await run(actions.reorder)(post('reorder', { ...fields, op: 'up:2' }, ['a', 'b', 'c']) as never);
    expect(result).toEqual({ form: 'course', values: expect.objectContaining({ title: 'Intro', objectives: 'One\nTwo' }), modules: ['a', 'c', 'b'] });
    expect(api.client.PATCH).not.toHaveBeenCalled();
  });

  it('moves down, removes and adds (from the list or by slug)', async () => {
    expect(await run(actions.reorder)(post('reorder', { ...fields, op: 'down:0' }, ['a', 'b']) as never)).toMatchObject({ modules: ['b', 'a'] });
    expect(await run(actions.reorder)(post('reorder', { ...fields, op: 'remove:0' }, ['a', 'b']) as never)).toMatchObject({ modules: ['b'] });
    expect(await run(actions.reorder)(post('reorder', { ...fields, op: 'add', addModule: 'c' }, ['a']) as never)).toMatchObject({ modules: ['a', 'c'] });
    expect(await run(actions.reorder)(post('reorder', { ...fields, op: 'add', addModuleSlug: 'new-one' }, ['a']) as never)).toMatchObject({
      modules: ['a', 'new-one']
    });
  });

  it('asks for a module when "Add" was pressed with none chosen', async () => {
    const result = await run(actions.reorder)(post('reorder', { ...fields, op: 'add' }, ['a']) as never);
    expect(result).toMatchObject({ status: 400, data: { errors: { addModule: 'Choose a module to add, or enter its slug' }, modules: ['a'] } });
  });

  it('is for platform admins only', async () => {
    expect(await thrown(() => run(actions.reorder)(post('reorder', { ...fields, op: 'up:1' }, ['a', 'b'], user) as never))).toMatchObject({ status: 403 });
  });
});

describe('course save', () => {
  it('sends the modules in their order and clears an emptied due period', async () => {
    api.client.PATCH.mockResolvedValue(apiOk({ ...course, version: 4 }));
    const result = await run(actions.save)(post('save', fields, ['b', 'a']) as never);
    expect(api.client.PATCH).toHaveBeenCalledWith('/api/authoring/courses/{courseSlug}', {
      params: { path: { courseSlug: 'intro' } },
      body: { title: 'Intro', summary: 'S', audience: 'All', objectives: ['One', 'Two'], moduleSlugs: ['b', 'a'], passMark: 70, defaultDuePeriodDays: null }
    });
    expect(result).toMatchObject({ success: 'Saved. The course is at version 4.', modules: ['b', 'a'] });
  });

  it('sends the revision the form loaded as If-Match, and carries the saved one on', async () => {
    const loaded = 'a'.repeat(64);
    const saved = 'b'.repeat(64);
    api.client.PATCH.mockResolvedValue(apiOk({ ...course, version: 4, revision: saved }));
    const result = await run(actions.save)(post('save', { ...fields, revision: loaded }, ['a']) as never);
    expect(api.client.PATCH).toHaveBeenCalledWith(
      '/api/authoring/courses/{courseSlug}',
      expect.objectContaining({
        params: { path: { courseSlug: 'intro' }, header: { 'If-Match': `"${loaded}"` } }
      })
    );
    expect(result).toMatchObject({ values: { revision: saved } });
  });

  it('says so when someone else saved the course first (412), keeping what was typed', async () => {
    const message = 'This course was changed by someone else after you loaded it. Reload it to see the current version, then make your change again.';
    api.client.PATCH.mockResolvedValue(apiFail(412, 'PRECONDITION_FAILED', message));
    const result = await run(actions.save)(post('save', { ...fields, title: 'Mine', revision: 'a'.repeat(64) }, ['a']) as never);
    expect(result).toMatchObject({ status: 412, data: { problem: message, values: { title: 'Mine', revision: 'a'.repeat(64) } } });
  });

  it('keeps the loaded revision through the module buttons, and renders it into the form', () => {
    const html = renderHtml(CoursePage, {
      data: { course: { ...course, revision: 'c'.repeat(64) }, choices: [], created: false },
      form: null,
      params: { courseSlug: 'intro' }
    } as never);
    expect(html).toContain(`name="revision" value="${'c'.repeat(64)}"`);
  });

  it('maps an unknown module (400 on moduleSlugs) onto the module list', async () => {
    api.client.POST.mockResolvedValue(apiValidation({ moduleSlugs: ['Unknown module: nope'] }));
    const result = await run(newActions.save)(post('save', { ...fields, slug: 'intro-2' }, ['nope']) as never);
    expect(result).toMatchObject({ status: 400, data: { errors: { modules: 'Unknown module: nope' }, modules: ['nope'] } });
  });

  it('needs a module and a pass mark from 0 to 100 before asking the API', async () => {
    const result = await run(actions.save)(post('save', { ...fields, passMark: '101' }, []) as never);
    expect(result).toMatchObject({
      status: 400,
      data: { errors: { modules: 'Add at least one module', passMark: 'Enter the pass mark, a whole number from 0 to 100' } }
    });
    expect(api.client.PATCH).not.toHaveBeenCalled();
  });
});

describe('course page', () => {
  it('tells the author that enrolled learners keep their version, with buttons named per module', () => {
    const html = renderHtml(CoursePage, { data: { course, choices: [], created: false }, form: null, params: { courseSlug: 'intro' } } as never);
    const text = textOf(html);
    expect(text).toContain('Learners already enrolled stay on the version they started');
    expect(text).toContain('Up : move Beta up');
    expect(html).toContain('formaction="?/reorder"');
    expect(text).toContain('Unpublish');
    expect(headingsInOrder(html)).toBe(true);
  });
});
