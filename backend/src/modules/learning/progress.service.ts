import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeKeyset, toPage } from '../../common/http/pagination.js';
import { CourseViewers } from '../courses/index.js';
import { CompletionService, toFacts } from './completion.service.js';
import { LearningErrors } from './learning.errors.js';
import { statementIdFor } from './statements.mapping.js';
import { LearningStatements } from './statements.service.js';
import type {
  CompletionDto,
  CourseProgressDto,
  DashboardCourseDto,
  DashboardModuleDto,
  LessonProgressDto,
  MyProgressDto,
  MyProgressQueryDto,
  RecordProgressDto,
} from './progress.dto.js';
import { ProgressRepository, type CompletionRow, type DashboardRow, type ModuleStateRow } from './progress.repository.js';
import { completionStatus, countedSeconds, isCourseComplete, isModuleComplete, percentComplete } from './progress-rules.js';

const DEFAULT_PAGE_SIZE = 20;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function completionDto(c: CompletionRow, now = new Date()): CompletionDto {
  const expiresAt = c.expiresAt ? new Date(c.expiresAt) : null;
  const revokedAt = c.revokedAt ? new Date(c.revokedAt) : null;
  return {
    id: c.id,
    courseSlug: c.courseSlug,
    courseTitle: c.courseTitle,
    versionNumber: c.versionNumber,
    completedAt: iso(c.completedAt)!,
    expiresAt: iso(expiresAt),
    status: completionStatus({ expiresAt, revokedAt }, now),
    finalScore: c.finalScore,
    timeSpentSeconds: c.timeSpentSeconds,
    revokedAt: iso(revokedAt),
    revokedReason: c.revokedReason,
    archivedAt: iso(c.archivedAt),
  };
}

function moduleDto(m: ModuleStateRow): DashboardModuleDto {
  return {
    slug: m.slug,
    title: m.title,
    complete: isModuleComplete(toFacts(m)),
    lessonsCompleted: m.lessonsCompleted,
    lessonsRequired: m.lessonsRequired,
    quiz: m.quizId ? { quizId: m.quizId, gradePercent: m.gradePercent, passed: m.passed, attemptsUsed: m.attemptsUsed } : null,
  };
}

function summary(row: DashboardRow, modules: ModuleStateRow[], now: Date) {
  const facts = modules.map(toFacts);
  const complete = isCourseComplete(facts) || (row.completion !== null && !row.completion.revokedAt);
  const dueAt = row.dueAt ? new Date(row.dueAt) : null;
  return {
    percentComplete: percentComplete(facts),
    lessonsCompleted: modules.reduce((n, m) => n + Math.min(m.lessonsCompleted, m.lessonsRequired), 0),
    lessonsTotal: modules.reduce((n, m) => n + m.lessonsRequired, 0),
    timeSpentSeconds: row.timeSpentSeconds,
    dueAt: iso(dueAt),
    overdue: dueAt !== null && dueAt.getTime() < now.getTime() && !complete,
    resume: row.resume,
    completion: row.completion ? completionDto(row.completion, now) : null,
  };
}

/**
 * Lesson progress and the learner's own reads of it (docs/progress.md). Recording is two
 * statements: the context (course, enrolment, lesson in the enrolment's version), then one
 * statement that writes and answers the state; a third transaction only when the course has just
 * become complete.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly repository: ProgressRepository,
    private readonly completion: CompletionService,
    private readonly viewers: CourseViewers,
    private readonly statements: LearningStatements,
  ) {}

  async record(actor: Actor, lessonId: string, dto: RecordProgressDto): Promise<LessonProgressDto> {
    const ctx = await this.repository.context(actor.userId, dto.course, lessonId);
    // An organisation's course is visible to its members only (a learner who left it may no longer record).
    const visible =
      ctx !== null &&
      (await this.viewers.canSee(actor, { id: ctx.courseId, visibility: ctx.visibility, organisationId: ctx.organisationId, audience: ctx.audience }));
    if (!ctx || !visible) throw DomainError.notFound('Course');
    if (!ctx.enrolmentId) throw new DomainError(LearningErrors.NotEnrolled, `Enrol on the course “${dto.course}” to record your progress in it`);
    if (!ctx.moduleId) throw DomainError.notFound('Lesson');

    const enrolmentId = ctx.enrolmentId;
    const moduleId = ctx.moduleId;
    // The write and the learning records it makes (the lesson's first view, its completion) commit together.
    const row = await this.repository.transaction(async (tx) => {
      const written = await this.repository.record(
        {
          enrolmentId,
          lessonId,
          moduleId,
          intervalId: dto.intervalId ?? null,
          countedSeconds: dto.intervalId ? countedSeconds(dto.visibleSeconds) : 0,
          position: dto.position ?? null,
          completed: dto.completed === true,
        },
        tx,
      );
      if (written.started || written.completedNow) {
        const base = {
          userId: actor.userId,
          context: {
            organisationId: ctx.organisationId,
            course: { id: ctx.courseId, title: ctx.courseTitle ?? ctx.courseSlug },
            courseVersion: { id: ctx.versionId!, number: ctx.versionNumber! },
            enrolmentId,
          },
          lesson: { id: lessonId, title: ctx.lessonTitle ?? '' },
          module: { id: moduleId, title: ctx.moduleTitle ?? '' },
        };
        if (written.started) {
          await this.statements.record(tx, {
            ...base,
            kind: 'viewed-lesson',
            at: new Date(written.startedAt),
            statementId: statementIdFor('viewed-lesson', enrolmentId, lessonId),
          });
        }
        if (written.completedNow) {
          await this.statements.record(tx, {
            ...base,
            kind: 'completed-lesson',
            at: new Date(written.completedAt!),
            statementId: statementIdFor('completed-lesson', enrolmentId, lessonId),
            result: { durationSeconds: written.timeSpentSeconds },
          });
        }
      }
      return written;
    });
    let completedAt = row.completionAt;
    if (!completedAt && isCourseComplete(row.modules.map(toFacts))) {
      completedAt = (await this.completion.completeIfDue(ctx.enrolmentId))?.completedAt ?? null;
    }
    const module = row.modules.find((m) => m.moduleId === ctx.moduleId)!;
    const facts = toFacts(module);
    return {
      lessonId,
      courseSlug: ctx.courseSlug,
      startedAt: iso(row.startedAt)!,
      completedAt: iso(row.completedAt),
      timeSpentSeconds: row.timeSpentSeconds,
      position: row.position,
      module: {
        slug: module.slug,
        complete: isModuleComplete(facts),
        lessonsCompleted: module.lessonsCompleted,
        lessonsRequired: module.lessonsRequired,
        quiz: facts.quiz,
      },
      course: { slug: ctx.courseSlug, percentComplete: percentComplete(row.modules.map(toFacts)), completedAt: iso(completedAt) },
    };
  }

  async dashboard(actor: Actor, query: MyProgressQueryDto): Promise<MyProgressDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const viewer = await this.viewers.viewerOf(actor);
    const [rows, rest] = await Promise.all([
      this.repository.dashboard(actor.userId, key ? { enrolledAt: key[0], id: key[1] } : null, limit, viewer),
      this.repository.archiveAndTotal(actor.userId),
    ]);
    const page = toPage(rows, limit, (r) => [new Date(r.enrolledAt).toISOString(), r.enrolmentId]);
    const now = new Date();
    const courses: DashboardCourseDto[] = page.items.map((r) => ({
      enrolmentId: r.enrolmentId,
      courseSlug: r.courseSlug,
      courseTitle: r.courseTitle,
      organisationCourse: r.organisationCourse,
      enrolledAt: iso(r.enrolledAt)!,
      lastActivityAt: iso(r.lastActivityAt),
      modules: r.modules.map(moduleDto),
      ...summary(r, r.modules, now),
    }));
    return {
      courses,
      nextCursor: page.nextCursor,
      archivedCompletions: rest.archived.map((c) => completionDto(c, now)),
      totalTimeSpentSeconds: rest.totalTimeSpentSeconds,
    };
  }

  /**
   * Not enrolled, or enrolled on a course the caller no longer sees (they left its organisation or
   * the cohorts it is published to): 404, like a course that does not exist. The enrolment stays.
   */
  async courseProgress(actor: Actor, slug: string): Promise<CourseProgressDto> {
    const row = await this.repository.courseEnrolment(actor.userId, slug);
    if (!row) throw DomainError.notFound('Enrolment');
    const course = { id: row.courseId, visibility: row.courseVisibility, organisationId: row.organisationId, audience: row.audience };
    if (!(await this.viewers.canSee(actor, course))) throw DomainError.notFound('Enrolment');
    const [modules, lessons] = await Promise.all([this.repository.moduleStates(row.enrolmentId), this.repository.lessonStates(row.enrolmentId)]);
    const now = new Date();
    return {
      enrolmentId: row.enrolmentId,
      courseSlug: row.courseSlug,
      courseTitle: row.courseTitle,
      ...summary(row, modules, now),
      modules: modules.map((m) => ({
        ...moduleDto(m),
        lessons: lessons
          .filter((l) => l.moduleId === m.moduleId)
          .map((l) => ({
            lessonId: l.lessonId,
            title: l.title,
            startedAt: iso(l.startedAt),
            completedAt: iso(l.completedAt),
            timeSpentSeconds: l.timeSpentSeconds,
            position: l.position,
          })),
      })),
    };
  }
}
