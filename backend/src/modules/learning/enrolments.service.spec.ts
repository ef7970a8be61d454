import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { EnrolmentRow, EnrollableCourseRow, EnrolmentsRepository } from './enrolments.repository.js';
import { CourseViewers } from '../courses/index.js';
import { EnrolmentsService } from './enrolments.service.js';
import { LearningErrors } from './learning.errors.js';
import type { LearningStatements } from './statements.service.js';

const actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };
const publicCourse: EnrollableCourseRow = {
  id: 'c1',
  slug: 'c',
  title: 'C',
  versionNumber: 2,
  currentVersionId: 'v2',
  visibility: 'public',
  organisationId: null,
  audience: 'organisation',
  defaultDuePeriodDays: null,
};
const tailored: EnrollableCourseRow = { ...publicCourse, visibility: 'organisation', organisationId: 'org-a' };
const row = (over: Partial<EnrolmentRow> = {}): EnrolmentRow => ({
  id: 'e1',
  userId: 'u1',
  courseId: 'c1',
  courseSlug: 'c',
  courseTitle: 'C',
  versionNumber: 1,
  latestVersion: 2,
  enrolledAt: new Date('2026-11-28T10:00:00Z'),
  dueAt: null,
  visibility: 'public',
  organisationId: null,
  audience: 'organisation',
  currentVersionId: 'v2',
  published: true,
  archivedAt: null,
  ...over,
});

const TX = { transaction: 'tx' };

function setup(role: 'learner' | null = null) {
  const repository = {
    findEnrollableCourse: vi.fn(async (): Promise<EnrollableCourseRow | null> => publicCourse),
    insertIfAbsent: vi.fn(async (): Promise<{ id: string; enrolledAt: Date } | null> => ({ id: 'e1', enrolledAt: new Date('2026-11-28T10:00:00Z') })),
    transaction: vi.fn(async <T>(work: (tx: unknown) => Promise<T>): Promise<T> => work(TX)),
    findByUserAndCourse: vi.fn(async () => row()),
    findOwn: vi.fn(async (): Promise<EnrolmentRow | null> => row()),
    listOwn: vi.fn(async () => [row()]),
    moveToVersion: vi.fn(async () => true),
  };
  // A member (any role) of org-a, or of nothing.
  const memberships = { listForUser: vi.fn(async () => (role ? [{ organisationId: 'org-a', organisationName: 'A', role }] : [])) };
  const statements = { record: vi.fn(async () => ({ id: 's1', recorded: true })) };
  const service = new EnrolmentsService(
    repository as unknown as EnrolmentsRepository,
    new CourseViewers(memberships as unknown as MembershipReader, { visibleThroughCohorts: async () => [] }),
    statements as unknown as LearningStatements,
  );
  return { service, repository, memberships, statements };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

describe('EnrolmentsService', () => {
  it('enrols on a public course, and answers created: false when already enrolled', async () => {
    const { service, repository } = setup();
    expect(await service.enrol(actor, 'c')).toMatchObject({ created: true, enrolment: { enrolmentId: 'e1', versionNumber: 1, dueAt: null } });
    repository.insertIfAbsent.mockResolvedValueOnce(null);
    expect((await service.enrol(actor, 'c')).created).toBe(false);
  });

  it('records a new enrolment as a `registered` statement in the enrolment’s own transaction, and a repeated one not at all', async () => {
    const { service, repository, statements } = setup('learner');
    repository.findEnrollableCourse.mockResolvedValueOnce(tailored);
    await service.enrol(actor, 'c');
    expect(repository.insertIfAbsent).toHaveBeenCalledWith('u1', tailored, TX);
    expect(statements.record).toHaveBeenCalledTimes(1);
    expect(statements.record).toHaveBeenCalledWith(TX, {
      kind: 'enrolled',
      userId: 'u1',
      at: new Date('2026-11-28T10:00:00Z'),
      context: { organisationId: 'org-a', course: { id: 'c1', title: 'C' }, courseVersion: { id: 'v2', number: 2 }, enrolmentId: 'e1' },
    });
    repository.insertIfAbsent.mockResolvedValueOnce(null);
    await service.enrol(actor, 'c');
    expect(statements.record).toHaveBeenCalledTimes(1);
  });

  it('answers 404 for an unknown or draft course and for another organisation’s tailored course, writing nothing', async () => {
    const { service, repository } = setup(null);
    repository.findEnrollableCourse.mockResolvedValueOnce(null);
    expect(await codeOf(service.enrol(actor, 'draft'))).toBe(ErrorCode.NotFound);
    repository.findEnrollableCourse.mockResolvedValueOnce(tailored);
    expect(await codeOf(service.enrol(actor, 'c'))).toBe(ErrorCode.NotFound);
    expect(repository.insertIfAbsent).not.toHaveBeenCalled();
  });

  it('lets members of the organisation, and platform admins, enrol on a tailored course', async () => {
    const member = setup('learner');
    member.repository.findEnrollableCourse.mockResolvedValueOnce(tailored);
    expect((await member.service.enrol(actor, 'c')).created).toBe(true);
    const admin = setup(null);
    admin.repository.findEnrollableCourse.mockResolvedValueOnce(tailored);
    expect((await admin.service.enrol({ ...actor, isPlatformAdmin: true }, 'c')).created).toBe(true);
  });

  it('moves only the caller’s own enrolment, to the current version', async () => {
    const { service, repository } = setup();
    await service.moveToLatest(actor, 'e1');
    expect(repository.moveToVersion).toHaveBeenCalledWith('u1', 'e1', 'v2');
    repository.findOwn.mockResolvedValueOnce(null);
    expect(await codeOf(service.moveToLatest(actor, 'other'))).toBe(ErrorCode.NotFound);
    repository.findOwn.mockResolvedValueOnce(row({ published: false }));
    expect(await codeOf(service.moveToLatest(actor, 'e1'))).toBe(LearningErrors.CourseNotPublished.code);
  });

  it('pages with a (enrolledAt, id) cursor and refuses a forged one', async () => {
    const { service, repository } = setup();
    repository.listOwn.mockResolvedValueOnce([row({ id: '00000000-0000-4000-8000-000000000001' }), row({ id: '00000000-0000-4000-8000-000000000002' })]);
    const page = await service.listMine(actor, { limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString())).toEqual(['2026-11-28T10:00:00.000Z', '00000000-0000-4000-8000-000000000001']);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    expect(await codeOf(service.listMine(actor, { cursor: forged }))).toBe(ErrorCode.ValidationFailed);
  });
});
