import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { type DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CoursesErrors } from './courses.errors.js';
import type { CourseViewers } from './course-visibility.js';
import { CourseAuthoringService, IMPORTED_MESSAGE, tailoredSlug, versionHash } from './course-authoring.service.js';
import type { AuthoringCourseRow, CourseChange, CourseWriteRepository, ModuleScope } from './course-writer.repository.js';

const trainer = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };
const course = (over: Partial<AuthoringCourseRow> = {}): AuthoringCourseRow => ({
  id: 'c1',
  slug: 'induction-abc123',
  status: 'published',
  origin: 'authored',
  visibility: 'organisation',
  organisationId: 'org-a',
  publishedTo: 'organisation',
  version: 1,
  publishedAt: new Date('2026-11-28T10:00:00Z'),
  versionHash: 'h',
  title: 'Induction',
  summary: '',
  audience: 'Members',
  objectives: [],
  passMark: 70,
  defaultDuePeriodDays: null,
  validityMonths: null,
  modules: [{ position: 1, slug: 'm1', title: 'M1', id: 'id-m1' }],
  ...over,
});

/** Modules the fake database has: 'missing' does not exist, 'draft' is in no course an organisation may use. */
function available(slugs: string[], scope: ModuleScope) {
  return slugs.filter((s) => s !== 'missing' && (scope.kind === 'any' || s !== 'draft')).map((s) => ({ id: `id-${s}`, slug: s, title: s }));
}

function setup(role: 'learner' | 'trainer' | null = 'trainer', locked: AuthoringCourseRow = course()) {
  const written: { content: Parameters<typeof versionHash>[0]; hash: string }[] = [];
  const repository = {
    availableModulesBySlugs: vi.fn(async (slugs: string[], scope: ModuleScope) => available(slugs, scope)),
    findCourse: vi.fn(async (): Promise<AuthoringCourseRow | null> => course()),
    listOrganisationCourses: vi.fn(async () => []),
    createCourse: vi.fn(async (): Promise<string | null> => 'c1'),
    // The state under the row lock may differ from what findCourse read before it.
    updateCourse: vi.fn(async (_id: string, change: CourseChange) => {
      const next = change(locked);
      written.push(next);
      return { changed: next.hash !== locked.versionHash };
    }),
    setStatus: vi.fn(async () => undefined),
  };
  const memberships = { roleOf: vi.fn(async () => role) };
  const viewers = { viewerOf: vi.fn(async () => ({ cohortCourseIds: [] })) };
  const service = new CourseAuthoringService(
    repository as unknown as CourseWriteRepository,
    memberships as unknown as MembershipReader,
    viewers as unknown as CourseViewers,
  );
  return { service, repository, written };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as DomainError,
  );

describe('tailoredSlug', () => {
  it('derives a slug from the title with a random suffix', () => {
    expect(tailoredSlug('Induction: Frontline Staff (2027)', 'abc123')).toBe('induction-frontline-staff-2027-abc123');
    expect(tailoredSlug('Égalité', 'abc123')).toBe('egalite-abc123');
    expect(tailoredSlug('!!!', 'abc123')).toBe('course-abc123');
    expect(tailoredSlug('x'.repeat(300), 'abc123').length).toBeLessThanOrEqual(100);
  });
});

describe('CourseAuthoringService', () => {
  it('creates a tailored course published as version 1, modules in the order given', async () => {
    const { service, repository } = setup();
    await service.createTailoredCourse(trainer, 'org-a', { title: ' Induction ', moduleSlugs: ['m2', 'm1'], passMark: 80, defaultDuePeriodDays: 30 });
    expect(repository.createCourse).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'published', visibility: 'organisation', organisationId: 'org-a' }),
      expect.objectContaining({ title: 'Induction', moduleIds: ['id-m2', 'id-m1'], passMark: 80, defaultDuePeriodDays: 30 }),
      expect.any(String),
    );
  });

  it('checks the role itself: 404 for non-members, 403 for learners; unknown modules are 400', async () => {
    const dto = { title: 'x', moduleSlugs: ['m1'], passMark: 50 };
    expect((await failure(setup(null).service.createTailoredCourse(trainer, 'org-a', dto)))?.code).toBe(ErrorCode.NotFound);
    expect((await failure(setup('learner').service.createTailoredCourse(trainer, 'org-a', dto)))?.code).toBe(ErrorCode.Forbidden);
    const error = await failure(setup().service.createTailoredCourse(trainer, 'org-a', { ...dto, moduleSlugs: ['m1', 'missing'] }));
    expect(error?.details).toEqual({ fields: [{ field: 'moduleSlugs', reasons: ['no such module: missing'] }] });
  });

  it('answers 404 for another organisation’s course under this organisation’s path', async () => {
    const { service, repository } = setup();
    repository.findCourse.mockResolvedValueOnce(course({ organisationId: 'org-b' }));
    expect((await failure(service.updateTailoredCourse(trainer, 'org-a', 'induction-abc123', { passMark: 1 })))?.code).toBe(ErrorCode.NotFound);
    expect(repository.updateCourse).not.toHaveBeenCalled();
  });

  it('merges a change onto the course as read under its row lock, and hashes it, so an unchanged save is no new version', async () => {
    // Another editor changed the title between this request's first read and the lock.
    const { service, written } = setup('trainer', course({ title: 'Induction (renamed meanwhile)', versionHash: 'h2' }));
    await service.updateTailoredCourse(trainer, 'org-a', 'induction-abc123', { passMark: 90 });
    expect(written[0]!.content).toMatchObject({ passMark: 90, moduleIds: ['id-m1'], title: 'Induction (renamed meanwhile)' });
    expect(written[0]!.hash).toBe(versionHash(written[0]!.content));
  });

  it('with If-Match, applies the change only while the course is at that revision (else 412 naming the current one)', async () => {
    const { service, written } = setup('trainer', course({ versionHash: 'h2' }));
    const stale = await failure(service.updateTailoredCourse(trainer, 'org-a', 'induction-abc123', { passMark: 90 }, ['h1']));
    expect(stale).toMatchObject({ code: ErrorCode.PreconditionFailed, details: { currentRevision: 'h2' }, headers: { ETag: '"h2"' } });
    expect(written).toEqual([]);
    await service.updateTailoredCourse(trainer, 'org-a', 'induction-abc123', { passMark: 90 }, ['h0', 'h2']);
    await service.updateCourse(trainer, 'induction-abc123', { passMark: 91 }, '*');
    expect(written.map((w) => w.content.passMark)).toEqual([90, 91]);
  });

  it('lets organisations use only released or own modules, refused exactly like unknown ones; platform admins any live module', async () => {
    const { service, repository } = setup();
    const dto = { title: 'Grab', moduleSlugs: ['m1', 'draft'], passMark: 1 };
    const grabbed = await failure(service.createTailoredCourse(trainer, 'org-a', dto));
    const unknown = await failure(service.createTailoredCourse(trainer, 'org-a', { ...dto, moduleSlugs: ['m1', 'missing'] }));
    expect(grabbed).toMatchObject({ code: unknown!.code, details: { fields: [{ field: 'moduleSlugs', reasons: ['no such module: draft'] }] } });
    expect(unknown?.details).toEqual({ fields: [{ field: 'moduleSlugs', reasons: ['no such module: missing'] }] });
    expect(repository.availableModulesBySlugs).toHaveBeenCalledWith(['m1', 'draft'], { kind: 'organisation', organisationId: 'org-a' });
    // The same rule on a trainer's PATCH, through either route.
    expect((await failure(service.updateTailoredCourse(trainer, 'org-a', 'induction-abc123', { moduleSlugs: ['draft'] })))?.code).toBe(
      ErrorCode.ValidationFailed,
    );
    expect((await failure(service.updateCourse(trainer, 'induction-abc123', { moduleSlugs: ['draft'] })))?.code).toBe(ErrorCode.ValidationFailed);
    expect(repository.updateCourse).not.toHaveBeenCalled();

    const platformAdmin = { ...trainer, isPlatformAdmin: true };
    await service.createTailoredCourse(platformAdmin, 'org-a', dto);
    await service.createCourse(platformAdmin, { ...dto, slug: 'grab' });
    expect(repository.createCourse).toHaveBeenCalledTimes(2);
  });

  it('refuses imported courses with 422; to anyone who may not edit a course it does not exist (404, as an unknown slug)', async () => {
    const { service, repository } = setup();
    repository.findCourse.mockResolvedValueOnce(course({ origin: 'content', visibility: 'public', organisationId: null }));
    const imported = await failure(service.updateCourse({ ...trainer, isPlatformAdmin: true }, 'foundations', { passMark: 1 }));
    expect(imported).toMatchObject({ code: CoursesErrors.ContentManagedByFiles.code, message: IMPORTED_MESSAGE });
    repository.findCourse.mockResolvedValueOnce(null);
    const missing = await failure(service.getCourse(trainer, 'no-such-course'));
    for (const call of [
      () => service.getCourse(trainer, 'draft'),
      () => service.updateCourse(trainer, 'draft', { passMark: 1 }),
      () => service.setPublished(trainer, 'draft', true),
      () => service.setPublished(trainer, 'draft', false),
    ]) {
      repository.findCourse.mockResolvedValueOnce(course({ status: 'draft', visibility: 'public', organisationId: null }));
      const refused = await failure(call());
      expect({ code: refused?.code, message: refused?.message }).toEqual({ code: missing?.code, message: missing?.message });
    }
    expect(missing?.code).toBe(ErrorCode.NotFound);
    expect(repository.setStatus).not.toHaveBeenCalled();
    expect((await failure(service.createCourse(trainer, { slug: 'x', title: 'x', moduleSlugs: ['m1'], passMark: 1 })))?.code).toBe(ErrorCode.Forbidden);
  });
});
