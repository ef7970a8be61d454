import { Injectable } from '@nestjs/common';
import { hasOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CoursesErrors } from '../courses/index.js';
import { AssessmentErrors } from './assessment.errors.js';
import { IMPORTED_QUESTION } from './question-authoring.service.js';
import { checkQuizSettings } from './quiz-settings-rules.js';
import type { ModuleQuizRefDto, QuizSettingsDto, QuizSettingsInputDto, UpdateQuizSettingsDto } from './quiz-settings.dto.js';
import { QuizSettingsRepository, type QuizFields, type QuizRow, type SlotFields, type TailoredCourseRow } from './quiz-settings.repository.js';

/** What a new module quiz starts with: the contract's defaults (70%, unlimited attempts, untimed). */
export const DEFAULT_QUIZ: Omit<QuizFields, 'title'> = {
  passMark: 70,
  maxAttempts: null,
  waitSeconds: 0,
  timeLimitSeconds: null,
  gradingMethod: 'highest',
  reviewPolicy: { score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' },
  closesAt: null,
  shuffleQuestions: true,
  shuffleOptions: true,
};

const fieldsOf = (dto: QuizSettingsInputDto): QuizFields => ({
  title: dto.title.trim(),
  passMark: dto.passMark,
  maxAttempts: dto.maxAttempts,
  waitSeconds: dto.waitSeconds,
  timeLimitSeconds: dto.timeLimitSeconds,
  gradingMethod: dto.gradingMethod,
  reviewPolicy: {
    score: dto.reviewPolicy.score,
    correctness: dto.reviewPolicy.correctness,
    correctAnswers: dto.reviewPolicy.correctAnswers,
    feedback: dto.reviewPolicy.feedback,
  },
  closesAt: dto.closesAt === null ? null : new Date(dto.closesAt),
  shuffleQuestions: dto.shuffleQuestions,
  shuffleOptions: dto.shuffleOptions,
});

const slotsOf = (dto: QuizSettingsInputDto): SlotFields[] =>
  dto.slots.map((s) =>
    s.questionId
      ? { questionId: s.questionId, tag: null, drawCount: null, points: s.points }
      : { questionId: null, tag: s.tag!, drawCount: s.drawCount!, points: s.points },
  );

/**
 * Quiz settings: a module's quiz (platform admins, who write its questions; an imported module's
 * quiz is the content files' and read-only here), and a tailored course's own settings for one
 * of its modules (its organisation's trainers and org admins, and platform admins). A tailored
 * course starts from the module's settings and slots; its first save makes its own quiz.
 * Saves carry the version loaded: a stale one is refused (409) with the current version.
 */
@Injectable()
export class QuizSettingsService {
  constructor(
    private readonly repository: QuizSettingsRepository,
    private readonly memberships: MembershipReader,
  ) {}

  /** Whether the actor may edit this quiz (null: may not even see it). */
  private async accessTo(actor: Actor, quiz: QuizRow): Promise<'edit' | 'read' | null> {
    if (quiz.courseId) {
      if (actor.isPlatformAdmin) return 'edit';
      if (!quiz.courseOrganisationId) return null;
      return hasOrgRole(await this.memberships.roleOf(actor.userId, quiz.courseOrganisationId), 'trainer') ? 'edit' : null;
    }
    if (!actor.isPlatformAdmin) return null;
    return quiz.moduleOrigin === 'content' ? 'read' : 'edit';
  }

  private async view(quiz: QuizRow, editable: boolean, inherited = false): Promise<QuizSettingsDto> {
    const [slots, tags] = await Promise.all([this.repository.slotsOf(quiz.id), this.repository.tagCounts(quiz.moduleId)]);
    return {
      id: inherited ? null : quiz.id,
      moduleId: quiz.moduleId,
      moduleSlug: quiz.moduleSlug,
      courseId: inherited ? null : quiz.courseId,
      editable,
      inherited,
      title: quiz.title,
      passMark: quiz.passMark,
      maxAttempts: quiz.maxAttempts,
      waitSeconds: quiz.waitSeconds,
      timeLimitSeconds: quiz.timeLimitSeconds,
      gradingMethod: quiz.gradingMethod,
      reviewPolicy: quiz.reviewPolicy,
      closesAt: quiz.closesAt ? new Date(quiz.closesAt).toISOString() : null,
      shuffleQuestions: quiz.shuffleQuestions,
      shuffleOptions: quiz.shuffleOptions,
      version: inherited ? 0 : quiz.version,
      slots: slots.map((s) => ({ position: s.position, questionId: s.questionId, prompt: s.prompt, tag: s.tag, drawCount: s.drawCount, points: s.points })),
      tags,
    };
  }

  private async checkRules(moduleId: string, dto: QuizSettingsInputDto): Promise<void> {
    const errors = checkQuizSettings(dto, await this.repository.liveQuestions(moduleId));
    if (errors.length) throw DomainError.validation(errors);
  }

  private conflict(currentVersion: number): never {
    throw new DomainError(
      AssessmentErrors.QuizVersionConflict,
      'These quiz settings were changed by someone else after you loaded them. Reload them, then make your change again.',
      {
        currentVersion,
      },
    );
  }

  async getSettings(actor: Actor, quizId: string): Promise<QuizSettingsDto> {
    const quiz = await this.repository.findQuiz(quizId);
    const access = quiz ? await this.accessTo(actor, quiz) : null;
    if (!quiz || !access) throw DomainError.notFound('Quiz');
    return this.view(quiz, access === 'edit');
  }

  async updateSettings(actor: Actor, quizId: string, dto: UpdateQuizSettingsDto): Promise<QuizSettingsDto> {
    const quiz = await this.repository.findQuiz(quizId);
    const access = quiz ? await this.accessTo(actor, quiz) : null;
    if (!quiz || !access) throw DomainError.notFound('Quiz');
    if (access !== 'edit') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_QUESTION);
    await this.checkRules(quiz.moduleId, dto);
    const saved = await this.repository.save(quiz.id, dto.version, fieldsOf(dto), slotsOf(dto));
    if (!saved) throw DomainError.notFound('Quiz');
    if (!saved.ok) this.conflict(saved.currentVersion);
    return this.getSettings(actor, quizId);
  }

  /** The module's quiz id (authors: to open its settings). */
  async moduleQuiz(actor: Actor, moduleId: string): Promise<ModuleQuizRefDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may write module quizzes');
    if (!(await this.repository.findModule(moduleId))) throw DomainError.notFound('Module');
    return { quizId: (await this.repository.quizOf(moduleId, null))?.id ?? null };
  }

  /** A quiz for an authored module that has none: defaults, with its questions as fixed slots. */
  async createModuleQuiz(actor: Actor, moduleId: string): Promise<QuizSettingsDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may write module quizzes');
    const m = await this.repository.findModule(moduleId);
    if (!m) throw DomainError.notFound('Module');
    if (m.origin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_QUESTION);
    const live = await this.repository.liveQuestions(moduleId);
    if (live.length === 0) throw new DomainError(ErrorCode.RuleViolation, 'Write a question first: a quiz needs at least one');
    const slots = live.map((q) => ({ questionId: q.id, tag: null, drawCount: null, points: 1 }));
    const id = await this.repository.create(moduleId, null, { ...DEFAULT_QUIZ, title: `${m.title}: quiz` }, slots);
    if (!id) throw new DomainError(ErrorCode.Conflict, 'This module has a quiz already');
    return this.getSettings(actor, id);
  }

  // --- tailored courses -----------------------------------------------------------------------

  /** The course, if the actor trains for its organisation (else 404, as for a course that does not exist). */
  private async tailoredCourse(actor: Actor, courseSlug: string, moduleId: string): Promise<TailoredCourseRow> {
    const course = await this.repository.findCourse(courseSlug, moduleId);
    if (!course || course.visibility !== 'organisation' || !course.organisationId) throw DomainError.notFound('Course');
    if (!actor.isPlatformAdmin && !hasOrgRole(await this.memberships.roleOf(actor.userId, course.organisationId), 'trainer')) {
      throw DomainError.notFound('Course');
    }
    if (!course.hasModule) throw DomainError.notFound('Module');
    return course;
  }

  async getTailoredSettings(actor: Actor, courseSlug: string, moduleId: string): Promise<QuizSettingsDto> {
    const course = await this.tailoredCourse(actor, courseSlug, moduleId);
    const own = await this.repository.quizOf(moduleId, course.id);
    if (own) return this.view(own, true);
    const inherited = await this.repository.quizOf(moduleId, null);
    if (!inherited) throw DomainError.notFound('Quiz');
    return this.view(inherited, true, true);
  }

  async updateTailoredSettings(actor: Actor, courseSlug: string, moduleId: string, dto: UpdateQuizSettingsDto): Promise<QuizSettingsDto> {
    const course = await this.tailoredCourse(actor, courseSlug, moduleId);
    await this.checkRules(moduleId, dto);
    const own = await this.repository.quizOf(moduleId, course.id);
    if (!own) {
      if (dto.version !== 0) this.conflict(0);
      const id = await this.repository.create(moduleId, course.id, fieldsOf(dto), slotsOf(dto));
      // Someone else's first save won meanwhile: theirs stands, this one is stale.
      if (!id) this.conflict((await this.repository.quizOf(moduleId, course.id))?.version ?? 1);
    } else {
      const saved = await this.repository.save(own.id, dto.version, fieldsOf(dto), slotsOf(dto));
      if (!saved) throw DomainError.notFound('Quiz');
      if (!saved.ok) this.conflict(saved.currentVersion);
    }
    return this.getTailoredSettings(actor, courseSlug, moduleId);
  }
}
