import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeKeyset, toPage, type PageQueryDto } from '../../common/http/pagination.js';
import type { EnrolmentDto, EnrolmentListDto } from './enrolments.dto.js';
import { CourseViewers, type CourseVisibilityFields } from '../courses/index.js';
import { EnrolmentsRepository, type EnrolmentRow } from './enrolments.repository.js';
import { LearningErrors } from './learning.errors.js';
import { LearningStatements } from './statements.service.js';

const DEFAULT_PAGE_SIZE = 20;

function toDto(row: EnrolmentRow): EnrolmentDto {
  return {
    enrolmentId: row.id,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    versionNumber: row.versionNumber,
    latestVersion: row.latestVersion,
    enrolledAt: new Date(row.enrolledAt).toISOString(),
    dueAt: row.dueAt ? new Date(row.dueAt).toISOString() : null,
  };
}

/**
 * Enrolment rules: learners enrol themselves on published courses they may see (public ones, or
 * a tailored course of one of their organisations); the enrolment is pinned to the course version
 * current at that moment, and moves only when the learner asks.
 */
@Injectable()
export class EnrolmentsService {
  constructor(
    private readonly repository: EnrolmentsRepository,
    private readonly viewers: CourseViewers,
    private readonly statements: LearningStatements,
  ) {}

  /** The course visibility rule, from the courses module: the learner may only enrol on (or move within) a course they may see. */
  private maySee(actor: Actor, course: CourseVisibilityFields): Promise<boolean> {
    return this.viewers.canSee(actor, course);
  }

  /** Idempotent: enrolling again answers the existing enrolment with created: false. */
  async enrol(actor: Actor, slug: string): Promise<{ created: boolean; enrolment: EnrolmentDto }> {
    const course = await this.repository.findEnrollableCourse(slug);
    // Drafts, unknown slugs and other organisations' courses look the same.
    if (!course || !(await this.maySee(actor, course))) throw DomainError.notFound('Course');
    // The enrolment and its `registered` record commit together, or neither does.
    const inserted = await this.repository.transaction(async (tx) => {
      const enrolment = await this.repository.insertIfAbsent(actor.userId, course, tx);
      if (enrolment) {
        await this.statements.record(tx, {
          kind: 'enrolled',
          userId: actor.userId,
          at: new Date(enrolment.enrolledAt),
          context: {
            // A tailored course's records belong to its organisation; public courses are the learner's own.
            organisationId: course.organisationId,
            course: { id: course.id, title: course.title },
            courseVersion: { id: course.currentVersionId, number: course.versionNumber },
            enrolmentId: enrolment.id,
          },
        });
      }
      return enrolment;
    });
    const row = await this.repository.findByUserAndCourse(actor.userId, course.id);
    if (!row) throw DomainError.notFound('Course');
    return { created: inserted !== null, enrolment: toDto(row) };
  }

  async listMine(actor: Actor, query: PageQueryDto): Promise<EnrolmentListDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const viewer = await this.viewers.viewerOf(actor);
    const rows = await this.repository.listOwn(actor.userId, key ? { enrolledAt: key[0], id: key[1] } : null, limit, viewer);
    const page = toPage(rows, limit, (r) => [new Date(r.enrolledAt).toISOString(), r.id]);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** The learner's choice: switch to the course's current version. Someone else's enrolment is 404. */
  async moveToLatest(actor: Actor, enrolmentId: string): Promise<EnrolmentDto> {
    const row = await this.repository.findOwn(actor.userId, enrolmentId);
    if (!row || !(await this.maySee(actor, row))) throw DomainError.notFound('Enrolment');
    if (!row.published || !row.currentVersionId) {
      throw new DomainError(LearningErrors.CourseNotPublished, 'The course is not published at the moment; there is no version to move to');
    }
    await this.repository.moveToVersion(actor.userId, enrolmentId, row.currentVersionId);
    const moved = await this.repository.findOwn(actor.userId, enrolmentId);
    return toDto(moved ?? row);
  }

  /**
   * Re-take a completed course (recertification): the enrolment and its completion are archived,
   * not deleted, and a new enrolment starts on the course's current version. Someone else's (or an
   * archived) enrolment is 404; one without a standing completion is 409 RETAKE_NOT_ALLOWED.
   */
  async retake(actor: Actor, enrolmentId: string): Promise<EnrolmentDto> {
    const row = await this.repository.findOwn(actor.userId, enrolmentId);
    if (!row || !(await this.maySee(actor, row))) throw DomainError.notFound('Enrolment');
    if (!(await this.repository.hasStandingCompletion(enrolmentId))) {
      throw new DomainError(LearningErrors.RetakeNotAllowed, 'You can re-take this course once you have completed it');
    }
    const course = await this.repository.findEnrollableCourse(row.courseSlug);
    if (!course) throw new DomainError(LearningErrors.CourseNotPublished, 'The course is not published at the moment, so it cannot be re-taken now');
    // The new enrolment and its `registered` record commit together.
    const newId = await this.repository.retake(actor.userId, enrolmentId, course, (tx, created) =>
      this.statements
        .record(tx, {
          kind: 'enrolled',
          userId: actor.userId,
          at: new Date(created.enrolledAt),
          context: {
            organisationId: course.organisationId,
            course: { id: course.id, title: course.title },
            courseVersion: { id: course.currentVersionId, number: course.versionNumber },
            enrolmentId: created.id,
          },
        })
        .then(() => undefined),
    );
    if (!newId) throw DomainError.notFound('Enrolment');
    const created = await this.repository.findOwn(actor.userId, newId);
    return toDto(created!);
  }
}
