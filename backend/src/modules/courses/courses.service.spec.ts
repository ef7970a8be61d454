import { describe, expect, it, vi } from 'vitest';
import type { LearningRecordsReader, OwnReflection } from '../../common/auth/learning-records-reader.js';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { PublicationsService, type PublicationCourses } from '../library/index.js';
import type { LessonAccessPolicy } from './courses.access.js';
import type { CourseContentsModule, CoursesRepository, LessonRow } from './courses.repository.js';
import { CourseViewers } from './course-visibility.js';
import { CoursesService } from './courses.service.js';
import type { ModuleQuizSummary, ModuleQuizzes } from './module-quizzes.js';

const LESSON: LessonRow = {
  id: 'lesson-2',
  slug: 'key-findings',
  title: 'Key findings',
  position: 2,
  estimatedMinutes: 10,
  objectives: ['State them.'],
  contentNote: null,
  // As stored when the lesson was written; the read must answer exactly this.
  bodyHtml: '<h2 id="findings">Findings</h2>\n<p>stored</p>\n',
  sources: [{ publication: 'p', passage: 'a passage' }],
  glossaryTerms: [{ slug: 'big-data', term: 'Big data' }],
  moduleId: 'module-1',
  moduleSlug: 'm',
  moduleTitle: 'Module',
};

function setup() {
  const repository = {
    coursesUsingPublication: vi.fn(async () => []),
    publicationsBySlug: vi.fn(async () => [{ slug: 'p', title: 'P title', publisher: 'P org', publishedYear: null, sourceUrl: null }]),
    listCourses: vi.fn(async () => []),
    findPublishedCourse: vi.fn(async () => null),
    syllabusModules: vi.fn(async () => []),
    lessonsOfModules: vi.fn(async () => []),
    findLesson: vi.fn(async (): Promise<LessonRow | null> => LESSON),
    publishedCoursesWithModule: vi.fn(async () => [{ slug: 'foundations', title: 'Foundations', versionId: 'v1' }]),
    moduleLessonSequence: vi.fn(async (): Promise<string[]> => ['lesson-1', 'lesson-2', 'lesson-3']),
    courseContents: vi.fn(async (): Promise<CourseContentsModule[]> => []),
  };
  const access = { canReadLesson: vi.fn(async () => true) };
  const learningRecords = { reflectionOn: vi.fn(async (): Promise<OwnReflection | null> => null) };
  const memberships = { listForUser: vi.fn(async () => [{ organisationId: 'org-a', organisationName: 'A', role: 'learner' }]) };
  // The publication references come from the library's service, over the same stub rows.
  const library = new PublicationsService(repository as unknown as ConstructorParameters<typeof PublicationsService>[0], {} as PublicationCourses);
  const quizzes = {
    quizzesFor: vi.fn(
      async (): Promise<Map<string, ModuleQuizSummary>> =>
        new Map([['m2', { id: 'quiz-2', questionCount: 4, passMark: 80, timeLimitSeconds: 600, maxAttempts: 3 }]]),
    ),
  };
  const service = new CoursesService(
    repository as unknown as CoursesRepository,
    library,
    access as unknown as LessonAccessPolicy,
    // A learner of org-a whose cohort has one cohort-only course assigned.
    new CourseViewers(memberships as unknown as MembershipReader, { visibleThroughCohorts: async () => ['cohort-course'] }),
    quizzes as unknown as ModuleQuizzes,
    learningRecords as unknown as LearningRecordsReader,
  );
  return { service, repository, access, memberships, quizzes, learningRecords };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('CoursesService.getCourse', () => {
  it('answers NOT_FOUND for a course that is unknown or not published', async () => {
    const { service } = setup();
    expect((await rejection(service.getCourse(undefined, 'draft-course'))).code).toBe(ErrorCode.NotFound);
  });

  it('sums lesson minutes per module and for the course, and lists every source publication', async () => {
    const { service, repository, quizzes } = setup();
    repository.findPublishedCourse.mockResolvedValueOnce({
      courseId: 'course-1',
      slug: 'c',
      versionId: 'v1',
      title: 'C',
      summary: 'S',
      audience: 'A',
      objectives: ['O'],
      contentNote: 'Some lessons discuss homelessness.',
      passMark: 70,
      version: 2,
      publishedAt: new Date('2026-11-28T10:00:00Z'),
      estimatedMinutes: 0,
      moduleCount: 2,
    } as never);
    repository.syllabusModules.mockResolvedValueOnce([
      { moduleId: 'm1', position: 1, slug: 'one', title: 'One', summary: 's', requires: [], objectives: ['Do one.'], publicationSlug: 'p' },
      { moduleId: 'm2', position: 2, slug: 'two', title: 'Two', summary: 's', requires: ['one'], objectives: ['Do two.', 'And more.'], publicationSlug: 'p' },
    ] as never);
    repository.lessonsOfModules.mockResolvedValueOnce([
      { id: 'l1', moduleId: 'm1', slug: 'a', title: 'A', estimatedMinutes: 8, sources: [{ publication: 'p', passage: 'x' }] },
      { id: 'l2', moduleId: 'm1', slug: 'b', title: 'B', estimatedMinutes: 12, sources: [{ publication: 'q', passage: 'x' }] },
      { id: 'l3', moduleId: 'm2', slug: 'a', title: 'A', estimatedMinutes: 5, sources: [] },
    ] as never);
    const course = await service.getCourse(undefined, 'c');
    expect(repository.publicationsBySlug).toHaveBeenCalledWith(['p', 'q']);
    expect(course.modules.map((m) => m.estimatedMinutes)).toEqual([20, 5]);
    expect(course.estimatedMinutes).toBe(25);
    expect(course.modules[1]).toMatchObject({ requires: ['one'], questionCount: 4, lessons: [{ id: 'l3', slug: 'a', title: 'A', estimatedMinutes: 5 }] });
    // The quizzes come through the port, for this course's modules; a module without one shows null.
    expect(quizzes.quizzesFor).toHaveBeenCalledWith(['m1', 'm2'], 'course-1');
    expect(course.modules.map((m) => m.quiz)).toEqual([null, { id: 'quiz-2', questionCount: 4, passMark: 80, timeLimitSeconds: 600, maxAttempts: 3 }]);
    expect(course.modules[0]!.questionCount).toBe(0);
    expect(course.modules[0]!.publication).toEqual({ slug: 'p', title: 'P title', publisher: 'P org', citation: 'P org (n.d.). P title.' });
    expect(course).toMatchObject({ version: 2, passMark: 70, publishedAt: '2026-11-28T10:00:00.000Z', contentNote: 'Some lessons discuss homelessness.' });
    expect(course.modules.map((m) => m.objectives)).toEqual([['Do one.'], ['Do two.', 'And more.']]);
  });
});

describe('CoursesService.getLesson', () => {
  it('answers the stored HTML (no rendering on a read) and the neighbours in the module', async () => {
    const { service, repository } = setup();
    const lesson = await service.getLesson(undefined, 'lesson-2', {});
    expect(repository.moduleLessonSequence).toHaveBeenCalledWith('module-1');
    expect(repository.courseContents).not.toHaveBeenCalled();
    expect(lesson.html).toBe(LESSON.bodyHtml);
    expect(lesson.glossaryTerms).toEqual([{ slug: 'big-data', term: 'Big data' }]);
    expect(lesson).toMatchObject({ previousLessonId: 'lesson-1', nextLessonId: 'lesson-3', course: null, contents: null });
    expect(lesson.sources).toEqual([
      { publication: { slug: 'p', title: 'P title', publisher: 'P org', citation: 'P org (n.d.). P title.' }, passage: 'a passage' },
    ]);
  });

  it('answers the neighbours across the course version, and its contents, when read in a course', async () => {
    const { service, repository } = setup();
    const contents = [
      { position: 1, slug: 'one', title: 'One', lessons: [{ id: 'lesson-2', title: 'L2' }] },
      { position: 2, slug: 'empty', title: 'Empty', lessons: [] },
      { position: 3, slug: 'two', title: 'Two', lessons: [{ id: 'other-module-lesson', title: 'O' }] },
    ];
    repository.courseContents.mockResolvedValueOnce(contents);
    const lesson = await service.getLesson(undefined, 'lesson-2', { course: 'foundations' });
    expect(repository.courseContents).toHaveBeenCalledWith('v1');
    expect(repository.moduleLessonSequence).not.toHaveBeenCalled();
    expect(lesson).toMatchObject({ previousLessonId: null, nextLessonId: 'other-module-lesson', course: { slug: 'foundations', title: 'Foundations' } });
    expect(lesson.contents).toEqual(contents);
  });

  it('asks the access policy, once, with the courses the lesson is read through', async () => {
    const { service, access } = setup();
    await service.getLesson(undefined, 'lesson-2', { course: 'foundations' });
    expect(access.canReadLesson).toHaveBeenCalledTimes(1);
    expect(access.canReadLesson).toHaveBeenCalledWith(undefined, {
      lessonId: 'lesson-2',
      moduleId: 'module-1',
      courses: [{ slug: 'foundations', title: 'Foundations', versionId: 'v1' }],
    });
  });

  it('answers NOT_FOUND, revealing nothing, when the policy refuses', async () => {
    const { service, access, repository } = setup();
    access.canReadLesson.mockResolvedValueOnce(false);
    expect((await rejection(service.getLesson(undefined, 'lesson-2', {}))).code).toBe(ErrorCode.NotFound);
    expect(repository.moduleLessonSequence).not.toHaveBeenCalled();
    expect(repository.courseContents).not.toHaveBeenCalled();
  });

  it('carries the reader’s own reflection, asked for by their user id only, and none when signed out or refused', async () => {
    const { service, learningRecords, access } = setup();
    const reader = { userId: 'u1', sessionId: 's1', isPlatformAdmin: false, via: 'bearer' as const };
    learningRecords.reflectionOn.mockResolvedValueOnce({ lessonId: 'lesson-2', text: 'My plan', version: 2, updatedAt: '2026-12-01T10:00:00.000Z' });
    expect((await service.getLesson(reader, 'lesson-2', {})).myReflection).toEqual({ text: 'My plan', version: 2, updatedAt: '2026-12-01T10:00:00.000Z' });
    expect(learningRecords.reflectionOn).toHaveBeenCalledWith('u1', 'lesson-2');
    expect((await service.getLesson(undefined, 'lesson-2', {})).myReflection).toBeNull();
    expect(learningRecords.reflectionOn).toHaveBeenCalledTimes(1);
    access.canReadLesson.mockResolvedValueOnce(false);
    await rejection(service.getLesson(reader, 'lesson-2', {}));
    expect(learningRecords.reflectionOn).toHaveBeenCalledTimes(1);
  });

  it('answers NOT_FOUND for an unknown lesson, and for a course that does not contain it', async () => {
    const { service, repository } = setup();
    repository.findLesson.mockResolvedValueOnce(null);
    expect((await rejection(service.getLesson(undefined, 'x', {}))).code).toBe(ErrorCode.NotFound);
    expect((await rejection(service.getLesson(undefined, 'lesson-2', { course: 'another-course' }))).code).toBe(ErrorCode.NotFound);
  });
});

describe('CoursesService: who sees tailored courses', () => {
  const actor = { userId: 'u1', sessionId: 's1', isPlatformAdmin: false, via: 'bearer' as const };

  it('asks for public courses only when nobody is signed in, without reading memberships', async () => {
    const { service, repository, memberships } = setup();
    await service.listCourses(undefined, {});
    expect(repository.listCourses).toHaveBeenCalledWith(
      { userId: null, allOrganisations: false, organisationIds: [], managedOrganisationIds: [], cohortCourseIds: [] },
      null,
      20,
    );
    expect(memberships.listForUser).not.toHaveBeenCalled();
  });

  it('adds the caller’s organisations for a member, and every organisation for a platform admin', async () => {
    const { service, repository } = setup();
    await service.getCourse(actor, 'c').catch(() => undefined);
    expect(repository.findPublishedCourse).toHaveBeenCalledWith('c', {
      userId: 'u1',
      allOrganisations: false,
      organisationIds: ['org-a'],
      managedOrganisationIds: [],
      cohortCourseIds: ['cohort-course'],
    });
    await service.getLesson({ ...actor, isPlatformAdmin: true }, 'lesson-2', {});
    expect(repository.publishedCoursesWithModule).toHaveBeenCalledWith('module-1', {
      userId: 'u1',
      allOrganisations: true,
      organisationIds: [],
      managedOrganisationIds: [],
      cohortCourseIds: [],
    });
  });
});
