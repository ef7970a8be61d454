import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CourseAuthoringService, IMPORTED_MESSAGE, tailoredSlug, versionHash } from './course-authoring.service.js';
import type { AuthoringCourseRow, CourseWriteRepository } from './course-writer.repository.js';

const trainer = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };
const course = (over: Partial<AuthoringCourseRow> = {}): AuthoringCourseRow => ({
  id: 'c1', slug: 'induction-abc123', status: 'published', origin: 'authored', visibility: 'organisation', organisationId: 'org-a',
  version: 1, publishedAt: new Date('2026-11-28T10:00:00Z'), versionHash: 'h', title: 'Induction', summary: '', audience: 'Members',
  objectives: [], passMark: 70, defaultDuePeriodDays: null, modules: [{ position: 1, slug: 'm1', title: 'M1', id: 'id-m1' }], ...over,
});

function setup(role: 'learner' | 'trainer' | null = 'trainer') {
  const repository = {
    liveModulesBySlugs: vi.fn(async (slugs: string[]) => slugs.filter((s) => s !== 'missing').map((s) => ({ id: `id-${s}`, slug: s, title: s }))),
    findCourse: vi.fn(async (): Promise<AuthoringCourseRow | null> => course()),
    listOrganisationCourses: vi.fn(async () => []),
    createCourse: vi.fn(async (): Promise<string | null> => 'c1'),
    saveVersion: vi.fn(async () => true),
    setStatus: vi.fn(async () => undefined),
  };
  const memberships = { roleOf: vi.fn(async () => role) };
  const service = new CourseAuthoringService(repository as unknown as CourseWriteRepository, memberships as unknown as MembershipReader);
  return { service, repository };
}
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as DomainError);

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
    expect(repository.saveVersion).not.toHaveBeenCalled();
  });

  it('merges a change into the current version and hashes it, so an unchanged save is no new version', async () => {
    const { service, repository } = setup();
    await service.updateTailoredCourse(trainer, 'org-a', 'induction-abc123', { passMark: 90 });
    const [, content, hash] = repository.saveVersion.mock.calls[0] as unknown as [string, Parameters<typeof versionHash>[0], string];
    expect(content).toMatchObject({ passMark: 90, moduleIds: ['id-m1'], title: 'Induction' });
    expect(hash).toBe(versionHash(content));
  });

  it('refuses imported courses with 422, public courses to non-admins with 403', async () => {
    const { service, repository } = setup();
    repository.findCourse.mockResolvedValueOnce(course({ origin: 'content', visibility: 'public', organisationId: null }));
    const imported = await failure(service.updateCourse({ ...trainer, isPlatformAdmin: true }, 'foundations', { passMark: 1 }));
    expect(imported).toMatchObject({ code: ErrorCode.RuleViolation, message: IMPORTED_MESSAGE });
    repository.findCourse.mockResolvedValueOnce(course({ visibility: 'public', organisationId: null }));
    expect((await failure(service.setPublished(trainer, 'x', true)))?.code).toBe(ErrorCode.Forbidden);
    expect((await failure(service.createCourse(trainer, { slug: 'x', title: 'x', moduleSlugs: ['m1'], passMark: 1 })))?.code).toBe(ErrorCode.Forbidden);
  });
});
