import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { type DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import type { AuthoringRepository } from './authoring.repository.js';
import { CoursesErrors } from './courses.errors.js';
import { AuthoringService, PREVIEWS_PER_MINUTE } from './authoring.service.js';
import { renderLessonHtml } from './lesson-markdown.js';
import type { LessonRenderer, RenderOutcome } from './lesson-renderer.js';

const actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };

const admin = { ...actor, isPlatformAdmin: true };
const LESSON_ROW = {
  id: 'l1',
  moduleId: 'm',
  moduleSlug: 'm',
  moduleOrigin: 'authored',
  slug: 'one',
  title: 'One',
  position: 1,
  estimatedMinutes: 5,
  objectives: [],
  contentNote: null,
  bodyMarkdown: 'Stored *text*',
  bodyHtml: '<p>Stored <em>text</em></p>\n',
  sources: [],
  contentHash: 'h',
};

/** The worker-thread renderer stands in as the same rendering in this thread; `refuse` makes it refuse. */
function setup(roles: ('learner' | 'trainer')[] = ['trainer'], count = 1, refuse?: 'too-complex' | 'too-deep' | 'busy') {
  const written: unknown[] = [];
  const repository = {
    findModule: vi.fn(async () => ({ id: 'm', slug: 'm', title: 'M', summary: 'S', origin: 'authored', publicationSlug: 'p' })),
    findLesson: vi.fn(async () => LESSON_ROW),
    insertLesson: vi.fn(async () => 'l1'),
    // Read-modify-write under the row lock: what `change` makes of the current row is what is written.
    updateLesson: vi.fn(async (_id: string, change: (current: typeof LESSON_ROW) => unknown) => {
      written.push(await change(LESSON_ROW));
      return true;
    }),
    publicationSources: vi.fn(async () => new Map()),
  };
  const memberships = { listForUser: vi.fn(async () => roles.map((role, i) => ({ organisationId: `o${i}`, organisationName: 'O', role }))) };
  const rateLimiter = { hit: vi.fn(async () => ({ count, retryAfterSeconds: 30 })) };
  const renderer = {
    render: vi.fn(async (markdown: string): Promise<RenderOutcome> =>
      refuse ? { ok: false, reason: refuse } : { ok: true, html: renderLessonHtml(markdown) },
    ),
  };
  const service = new AuthoringService(
    repository as unknown as AuthoringRepository,
    memberships as unknown as MembershipReader,
    rateLimiter as unknown as RateLimiter,
    renderer as unknown as LessonRenderer,
  );
  return { service, repository, renderer, rateLimiter, written };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as DomainError,
  );

describe('AuthoringService', () => {
  it('previews exactly as a lesson renders, and limits previews per person per minute', async () => {
    expect(await setup().service.preview(actor, 'a <script>x</script> **b**')).toEqual({
      html: '<p>a &lt;script&gt;x&lt;/script&gt; <strong>b</strong></p>\n',
    });
    const limited = await failure(setup(['trainer'], PREVIEWS_PER_MINUTE + 1).service.preview(actor, 'x'));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimited, headers: { 'Retry-After': '30' } });
  });

  it('previews for authors only: a learner (no trainer role anywhere) is refused before anything renders', async () => {
    const { service, renderer, rateLimiter } = setup(['learner']);
    expect((await failure(service.preview(actor, 'x')))?.code).toBe(ErrorCode.Forbidden);
    expect(renderer.render).not.toHaveBeenCalled();
    expect(rateLimiter.hit).not.toHaveBeenCalled();
    expect(await setup([]).service.preview(admin, '*x*')).toEqual({ html: '<p><em>x</em></p>\n' });
  });

  it('answers a refused render with 422 naming the field, and "busy" with 503 and Retry-After', async () => {
    expect(await failure(setup(['trainer'], 1, 'too-complex').service.preview(actor, '_a'))).toMatchObject({
      code: CoursesErrors.MarkdownRefused.code,
      message: expect.stringMatching(/^markdown: this Markdown is too complex to render/),
      details: { fields: [{ field: 'markdown', reasons: [expect.stringContaining('simplify')] }] },
    });
    expect(await failure(setup(['trainer'], 1, 'too-deep').service.preview(actor, '> '))).toMatchObject({
      code: CoursesErrors.MarkdownRefused.code,
      details: { fields: [{ field: 'markdown', reasons: [expect.stringContaining('nested too deeply')] }] },
    });
    expect(await failure(setup(['trainer'], 1, 'busy').service.preview(actor, 'x'))).toMatchObject({
      code: ErrorCode.ServiceUnavailable,
      headers: { 'Retry-After': '1' },
    });
  });

  it('renders a lesson once when it is saved, stores the HTML, and saves nothing when the render is refused', async () => {
    const { service, repository } = setup();
    const dto = { slug: 'one', title: 'One', estimatedMinutes: 5, bodyMarkdown: 'Hello **A**.' };
    await service.createLesson(admin, 'm', dto);
    expect(repository.insertLesson).toHaveBeenCalledWith(
      'm',
      'one',
      expect.objectContaining({ bodyMarkdown: 'Hello **A**.', bodyHtml: '<p>Hello <strong>A</strong>.</p>\n' }),
    );

    const refused = setup([], 1, 'too-complex');
    expect(await failure(refused.service.createLesson(admin, 'm', dto))).toMatchObject({
      code: CoursesErrors.MarkdownRefused.code,
      details: { fields: [{ field: 'bodyMarkdown' }] },
    });
    expect(await failure(refused.service.updateLesson(admin, 'l1', { bodyMarkdown: 'new' }))).toMatchObject({
      code: CoursesErrors.MarkdownRefused.code,
      details: { fields: [{ field: 'bodyMarkdown' }] },
    });
    expect(refused.repository.insertLesson).not.toHaveBeenCalled();
    expect(refused.repository.updateLesson).not.toHaveBeenCalled();
    expect(refused.written).toEqual([]);
  });

  it('reads the stored HTML, and keeps it without rendering when an edit leaves the body as it was', async () => {
    const { service, renderer, written } = setup();
    expect((await service.getLesson(admin, 'l1')).html).toBe(LESSON_ROW.bodyHtml);
    await service.updateLesson(admin, 'l1', { title: 'Renamed', bodyMarkdown: LESSON_ROW.bodyMarkdown });
    await service.updateLesson(admin, 'l1', { title: 'Renamed again' });
    expect(written).toEqual([
      expect.objectContaining({ title: 'Renamed', bodyMarkdown: LESSON_ROW.bodyMarkdown, bodyHtml: LESSON_ROW.bodyHtml }),
      expect.objectContaining({ title: 'Renamed again', bodyMarkdown: LESSON_ROW.bodyMarkdown, bodyHtml: LESSON_ROW.bodyHtml }),
    ]);
    expect(renderer.render).not.toHaveBeenCalled();
    await service.updateLesson(admin, 'l1', { bodyMarkdown: '**new**' });
    expect(written.at(-1)).toMatchObject({ bodyMarkdown: '**new**', bodyHtml: '<p><strong>new</strong></p>\n' });
  });

  it('edits modules and lessons for platform admins only, and never imported ones', async () => {
    const { service, repository } = setup();
    expect((await failure(service.updateModule(actor, 'm', { title: 'x' })))?.code).toBe(ErrorCode.Forbidden);
    repository.findModule.mockResolvedValueOnce({ id: 'm', slug: 'm', title: 'M', summary: 'S', origin: 'content', publicationSlug: 'p' });
    expect(await failure(service.updateModule({ ...actor, isPlatformAdmin: true }, 'm', { title: 'x' }))).toMatchObject({
      code: CoursesErrors.ContentManagedByFiles.code,
      message: 'imported from backend/content; edit the file',
    });
  });

  it('merges a module change onto the module as read under its lock, and refuses a stale If-Match with 412', async () => {
    const admin = { ...actor, isPlatformAdmin: true };
    const loaded = { id: 'm', slug: 'm', title: 'Old title', summary: 'Old summary', origin: 'authored' as const, publicationSlug: 'p', contentHash: 'rev-1' };
    // Someone else changed the summary between the editor's read and the lock.
    const locked = { ...loaded, summary: 'Summary saved meanwhile', contentHash: 'rev-2' };
    const written: unknown[] = [];
    const repository = {
      findModule: vi.fn(async () => loaded),
      lessonsOfModule: vi.fn(async () => []),
      updateModule: vi.fn(async (_id: string, change: (current: typeof locked) => unknown) => {
        written.push(await change(locked));
        return true;
      }),
    };
    const service = new AuthoringService(repository as unknown as AuthoringRepository, {} as MembershipReader, {} as RateLimiter, {} as LessonRenderer);

    await service.updateModule(admin, 'm', { title: 'New title' });
    expect(written[0]).toMatchObject({ title: 'New title', summary: 'Summary saved meanwhile' });

    const stale = await failure(service.updateModule(admin, 'm', { title: 'Newer title' }, ['rev-1']));
    expect(stale).toMatchObject({ code: ErrorCode.PreconditionFailed, headers: { ETag: '"rev-2"' } });
    expect(written).toHaveLength(1);
    await service.updateModule(admin, 'm', { title: 'Newest title' }, ['rev-2']);
    await service.updateModule(admin, 'm', { title: 'Any' }, '*');
    expect(written).toHaveLength(3);
  });
});
