import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { LearningRecordsReader } from '../../common/auth/learning-records-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { cursorFor, encodeCursor } from '../../common/http/catalogue-cursor.js';
import { LessonAccessPolicy } from './courses.access.js';
import { PublicationsService } from '../library/index.js';
import type {
  CourseDetailDto,
  CourseListDto,
  CourseModuleChoiceListDto,
  CourseListItemDto,
  GetLessonQueryDto,
  LessonDto,
  ListCoursesQueryDto,
} from './courses.dto.js';
import { CourseViewers, type Viewer } from './course-visibility.js';
import { CoursesRepository, type CourseListRow } from './courses.repository.js';
import { ModuleQuizzes } from './module-quizzes.js';

export const DEFAULT_PAGE_SIZE = 20;

function toCourseListItem(row: CourseListRow): CourseListItemDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    audience: row.audience,
    version: row.version,
    publishedAt: row.publishedAt.toISOString(),
    estimatedMinutes: row.estimatedMinutes,
    moduleCount: row.moduleCount,
    visibility: row.visibility,
    organisationName: row.organisationName ?? null,
    publishedTo: row.publishedTo ?? null,
  };
}

/**
 * Read rules of the published courses: what is listed, in which order, and who may read a lesson.
 */
@Injectable()
export class CoursesService {
  constructor(
    private readonly repository: CoursesRepository,
    private readonly library: PublicationsService,
    private readonly lessonAccess: LessonAccessPolicy,
    private readonly viewers: CourseViewers,
    private readonly quizzes: ModuleQuizzes,
    private readonly learningRecords: LearningRecordsReader,
  ) {}

  /** Which organisation-only courses the caller may see (course-visibility.ts). */
  async viewerOf(actor: Actor | undefined): Promise<Viewer> {
    return this.viewers.viewerOf(actor);
  }

  /** Published courses: public ones, plus the tailored courses of the caller's organisations. */
  async listCourses(actor: Actor | undefined, query: ListCoursesQueryDto): Promise<CourseListDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listCourses(await this.viewerOf(actor), cursorFor(query.cursor, 'title'), limit);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toCourseListItem),
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'title', title: last.title, slug: last.slug }) : null,
    };
  }

  /** Modules in the published courses the caller can see, by title, a page at a time. */
  async listCourseModules(actor: Actor | undefined, query: ListCoursesQueryDto): Promise<CourseModuleChoiceListDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listModulesInCourses(await this.viewerOf(actor), cursorFor(query.cursor, 'title'), limit);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(({ slug, title }) => ({ slug, title })),
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'title', title: last.title, slug: last.slug }) : null,
    };
  }

  /**
   * A published course with its syllabus, at the caller's pinned version when enrolled. Drafts,
   * unknown slugs and other organisations' tailored courses are all 404.
   */
  async getCourse(actor: Actor | undefined, slug: string): Promise<CourseDetailDto> {
    const course = await this.repository.findPublishedCourse(slug, await this.viewerOf(actor));
    if (!course) throw DomainError.notFound('Course');
    const modules = await this.repository.syllabusModules(course.versionId);
    const lessons = await this.repository.lessonsOfModules(modules.map((m) => m.moduleId));
    const quizzes = await this.quizzes.quizzesFor(
      modules.map((m) => m.moduleId),
      course.courseId,
    );

    const sourceSlugs = new Set<string>();
    for (const m of modules) sourceSlugs.add(m.publicationSlug);
    for (const l of lessons) for (const s of l.sources) sourceSlugs.add(s.publication);
    const publications = await this.library.publicationRefs([...sourceSlugs]);
    const refs = new Map(publications.map((p) => [p.slug, p]));

    const syllabus = modules.map((m) => {
      const own = lessons.filter((l) => l.moduleId === m.moduleId);
      return {
        position: m.position,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        requires: m.requires,
        objectives: m.objectives,
        estimatedMinutes: own.reduce((sum, l) => sum + l.estimatedMinutes, 0),
        questionCount: quizzes.get(m.moduleId)?.questionCount ?? 0,
        quiz: quizzes.get(m.moduleId) ?? null,
        // A module's publication is never retired while the module is live (the importer retires only what left the files).
        publication: refs.get(m.publicationSlug)!,
        lessons: own.map((l) => ({ id: l.id, slug: l.slug, title: l.title, estimatedMinutes: l.estimatedMinutes })),
      };
    });
    return {
      ...toCourseListItem({ ...course, estimatedMinutes: syllabus.reduce((sum, m) => sum + m.estimatedMinutes, 0) }),
      objectives: course.objectives,
      contentNote: course.contentNote,
      passMark: course.passMark,
      modules: syllabus,
      sourcePublications: publications,
      latestVersion: course.latestVersion,
      defaultDuePeriodDays: course.defaultDuePeriodDays,
      enrolment: course.enrolmentId
        ? { enrolmentId: course.enrolmentId, enrolledAt: course.enrolledAt!.toISOString(), dueAt: course.dueAt?.toISOString() ?? null }
        : null,
    };
  }

  /**
   * The published courses (ids) through which the caller may read the module, by the rule its
   * lessons follow (LessonAccessPolicy); empty when the module is not the caller's to see. The
   * assessment module asks it before showing or starting a module's quiz.
   */
  async readableCoursesOfModule(actor: Actor, moduleId: string): Promise<string[]> {
    const published = await this.repository.publishedCoursesWithModule(moduleId, await this.viewerOf(actor));
    const readable = await this.lessonAccess.readableCourses(actor, { lessonId: '', moduleId, courses: published });
    return readable.map((c) => c.courseId);
  }

  /**
   * A lesson with its body as sanitised HTML, as stored when the lesson was written (never
   * rendered here: a read must not run the Markdown renderer). Whether the caller may read it is decided in one
   * place, LessonAccessPolicy; a lesson the caller may not read is answered like one that does
   * not exist.
   */
  /** The lesson, and the course of ?course= when given, if the caller may read it; else 404 (unknown and unreadable look the same). */
  private async readableLesson(actor: Actor | undefined, id: string, courseSlug: string | undefined) {
    const lesson = await this.repository.findLesson(id);
    if (!lesson) throw DomainError.notFound('Lesson');
    const published = await this.repository.publishedCoursesWithModule(lesson.moduleId, await this.viewerOf(actor));
    const course = courseSlug === undefined ? null : (published.find((c) => c.slug === courseSlug) ?? null);
    if (courseSlug !== undefined && !course) throw DomainError.notFound('Lesson');

    const allowed = await this.lessonAccess.canReadLesson(actor, {
      lessonId: lesson.id,
      moduleId: lesson.moduleId,
      courses: course ? [course] : published,
    });
    if (!allowed) throw DomainError.notFound('Lesson');
    return { lesson, course };
  }

  /** For other modules (a learner's notes on a lesson): 404 unless the caller may read the lesson. */
  async assertCanReadLesson(actor: Actor, id: string): Promise<void> {
    await this.readableLesson(actor, id, undefined);
  }

  async getLesson(actor: Actor | undefined, id: string, query: GetLessonQueryDto): Promise<LessonDto> {
    const { lesson, course } = await this.readableLesson(actor, id, query.course);

    const [contents, moduleSequence, publications, reflection] = await Promise.all([
      course ? this.repository.courseContents(course.versionId) : null,
      course ? null : this.repository.moduleLessonSequence(lesson.moduleId),
      this.library.publicationRefs([...new Set(lesson.sources.map((s) => s.publication))]),
      // The reader's own private note, so the lesson page needs no second call; only ever the caller's.
      actor ? this.learningRecords.reflectionOn(actor.userId, lesson.id) : null,
    ]);
    const sequence = contents ? contents.flatMap((m) => m.lessons.map((l) => l.id)) : moduleSequence!;
    const index = sequence.indexOf(lesson.id);
    const refs = new Map(publications.map((p) => [p.slug, p]));
    return {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      position: lesson.position,
      estimatedMinutes: lesson.estimatedMinutes,
      objectives: lesson.objectives,
      contentNote: lesson.contentNote,
      html: lesson.bodyHtml,
      sources: lesson.sources.flatMap((s) => {
        const publication = refs.get(s.publication);
        return publication ? [{ publication, passage: s.passage }] : [];
      }),
      glossaryTerms: lesson.glossaryTerms,
      module: { slug: lesson.moduleSlug, title: lesson.moduleTitle },
      course: course ? { slug: course.slug, title: course.title } : null,
      contents,
      previousLessonId: index > 0 ? (sequence[index - 1] ?? null) : null,
      nextLessonId: index >= 0 ? (sequence[index + 1] ?? null) : null,
      myReflection: reflection ? { text: reflection.text, version: reflection.version, updatedAt: reflection.updatedAt } : null,
    };
  }
}
