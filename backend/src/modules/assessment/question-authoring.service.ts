import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { hasOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { checkPrecondition, type IfMatch } from '../../common/http/preconditions.js';
import { containsPassage, CoursesErrors, unsupportedNumbers } from '../courses/index.js';
import type { AuthoredQuestionDto, CreateQuestionDto, ModuleQuestionsDto, QuestionInputDto, SavedQuestionDto } from './question-authoring.dto.js';
import { QuestionAuthoringRepository, type AuthoringQuestionRow, type VersionContent } from './question-authoring.repository.js';
import { checkQuestionInput, inputOf, textsOf, type CheckedQuestion } from './question-input.js';

export const IMPORTED_QUESTION = 'imported from backend/content; edit the file';

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

function contentOf(q: CheckedQuestion): VersionContent {
  const parts = { type: q.type, prompt: q.prompt, definition: q.definition, answerKey: q.answerKey, generalFeedback: q.generalFeedback, source: q.source };
  return { ...parts, contentHash: sha(parts) };
}

/** What If-Match compares: the version, its content and the tags (an edit of any of them changes it). */
export const revisionOf = (row: Pick<AuthoringQuestionRow, 'versionId' | 'contentHash' | 'tags' | 'retiredAt'>) =>
  sha([row.versionId, row.contentHash, row.tags, row.retiredAt ? 'retired' : 'live']).slice(0, 32);

function toDto(row: AuthoringQuestionRow): AuthoredQuestionDto {
  return {
    ...inputOf({
      type: row.type,
      prompt: row.prompt,
      generalFeedback: row.generalFeedback,
      tags: row.tags,
      source: row.source,
      definition: row.definition,
      answerKey: row.answerKey,
    }),
    id: row.id,
    moduleId: row.moduleId,
    slug: row.slug,
    origin: row.origin,
    version: row.version,
    revision: revisionOf(row),
    attemptCount: row.attemptCount,
    retiredAt: row.retiredAt ? new Date(row.retiredAt).toISOString() : null,
    updatedAt: new Date(row.updatedAt).toISOString(),
  } as AuthoredQuestionDto;
}

/**
 * The question bank's authoring rules. Who may write a module's questions: whoever may write its
 * lessons (platform admins; courses' AuthoringService). Trainers and org admins may list a
 * module's questions (without keys) to choose the slots of their tailored course's quiz.
 * Imported questions (origin 'content') are read-only here, like imported lessons (422).
 */
@Injectable()
export class QuestionAuthoringService {
  constructor(
    private readonly repository: QuestionAuthoringRepository,
    private readonly memberships: MembershipReader,
  ) {}

  private requireAuthor(actor: Actor): void {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may write questions (as they write lessons)');
  }

  /** Anyone else is answered as if the module did not exist (404), as the authoring reads of courses answer. */
  private async requireStaff(actor: Actor): Promise<void> {
    if (actor.isPlatformAdmin) return;
    const memberships = actor.memberships ?? (await this.memberships.listForUser(actor.userId));
    if (!memberships.some((m) => hasOrgRole(m.role, 'trainer'))) throw DomainError.notFound('Module');
  }

  /**
   * The content rules of backend/content, for an authored question: the passage occurs verbatim
   * in the publication's source text (whitespace aside), the publication is the module's, and
   * every number written in digits that a learner reads occurs in that source text.
   */
  private async checkSource(q: CheckedQuestion, publicationSlug: string): Promise<void> {
    const errors: FieldError[] = [];
    if (q.source.publication !== publicationSlug) {
      errors.push({ field: 'source.publication', reasons: [`must be the module’s publication, ${publicationSlug}`] });
      throw DomainError.validation(errors);
    }
    const text = await this.repository.publicationText(publicationSlug);
    if (text === null) throw DomainError.validation([{ field: 'source.publication', reasons: [`no such publication: ${publicationSlug}`] }]);
    if (!containsPassage(text, q.source.passage)) {
      errors.push({ field: 'source.passage', reasons: [`does not occur in ${publicationSlug}’s source text: copy it exactly`] });
    }
    for (const { field, text: shown } of textsOf(q)) {
      const unsupported = unsupportedNumbers(shown, [text]);
      if (unsupported.length) errors.push({ field, reasons: [`the figures ${unsupported.join(', ')} do not occur in ${publicationSlug}’s source text`] });
    }
    if (errors.length) throw DomainError.validation(errors);
  }

  private checked(dto: QuestionInputDto): CheckedQuestion {
    const outcome = checkQuestionInput(dto);
    if (!outcome.ok) throw DomainError.validation(outcome.errors);
    return outcome.question;
  }

  async listQuestions(actor: Actor, moduleId: string): Promise<ModuleQuestionsDto> {
    await this.requireStaff(actor);
    const m = await this.repository.findModule(moduleId);
    if (!m) throw DomainError.notFound('Module');
    const rows = await this.repository.listQuestions(moduleId);
    return {
      moduleId: m.id,
      moduleSlug: m.slug,
      moduleTitle: m.title,
      publicationSlug: m.publicationSlug,
      origin: m.origin,
      items: rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        origin: r.origin,
        type: r.type,
        prompt: r.prompt,
        tags: r.tags,
        version: r.version,
        source: r.source,
        retiredAt: r.retiredAt ? new Date(r.retiredAt).toISOString() : null,
      })),
    };
  }

  async createQuestion(actor: Actor, moduleId: string, dto: CreateQuestionDto): Promise<SavedQuestionDto> {
    this.requireAuthor(actor);
    const m = await this.repository.findModule(moduleId);
    if (!m) throw DomainError.notFound('Module');
    if (m.origin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_QUESTION);
    const { slug: wanted, ...input } = dto;
    const q = this.checked(input);
    await this.checkSource(q, m.publicationSlug);
    const slug = wanted ?? `q-${randomBytes(4).toString('hex')}`;
    const inserted = await this.repository.insertQuestion(m.id, slug, q.tags, contentOf(q));
    if (inserted.outcome === 'full') {
      throw new DomainError(ErrorCode.RuleViolation, 'This module has as many questions as it may hold (300): retire or edit one instead');
    }
    if (inserted.outcome !== 'inserted') throw new DomainError(ErrorCode.Conflict, 'This module has a question with this slug', { field: 'slug' });
    return { ...(await this.getQuestion(actor, inserted.id)), newVersion: false };
  }

  async getQuestion(actor: Actor, id: string): Promise<AuthoredQuestionDto> {
    this.requireAuthor(actor);
    const row = await this.repository.findQuestion(id);
    if (!row) throw DomainError.notFound('Question');
    return toDto(row);
  }

  /**
   * A whole question, saved only at the revision the editor loaded (If-Match is required: a PUT
   * replaces every field, so without it a later save would silently undo an earlier one). When the
   * current version has attempts, the save makes a new version and they keep theirs.
   */
  async updateQuestion(actor: Actor, id: string, dto: QuestionInputDto, ifMatch: IfMatch | undefined): Promise<SavedQuestionDto> {
    this.requireAuthor(actor);
    if (ifMatch === undefined) {
      throw DomainError.validation([{ field: 'If-Match', reasons: ['is required: send the revision (ETag) you loaded, so no one’s change is lost'] }]);
    }
    const row = await this.repository.findQuestion(id);
    if (!row) throw DomainError.notFound('Question');
    if (row.origin === 'content' || row.moduleOrigin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_QUESTION);
    if (row.retiredAt) throw new DomainError(ErrorCode.Conflict, 'This question is retired');
    const m = await this.repository.findModule(row.moduleId);
    if (!m) throw DomainError.notFound('Question');
    const q = this.checked(dto);
    await this.checkSource(q, m.publicationSlug);
    const content = contentOf(q);
    const outcome = await this.repository.updateQuestion(id, (current) => {
      checkPrecondition(ifMatch, revisionOf(current), 'question');
      return { tags: q.tags, content };
    });
    if (!outcome) throw DomainError.notFound('Question');
    return { ...(await this.getQuestion(actor, id)), newVersion: outcome.newVersion };
  }

  /** Retired: no longer drawn or offered for slots; attempts that had it keep it. */
  async retireQuestion(actor: Actor, id: string): Promise<void> {
    this.requireAuthor(actor);
    const row = await this.repository.findQuestion(id);
    if (!row) throw DomainError.notFound('Question');
    if (row.origin === 'content' || row.moduleOrigin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_QUESTION);
    const holding = await this.repository.quizzesHolding(id);
    if (holding.length) {
      throw new DomainError(
        ErrorCode.Conflict,
        `This question is a fixed question of ${holding.map((z) => `“${z.title}”`).join(', ')}: take it out of the quiz first`,
        {
          quizIds: holding.map((z) => z.id),
        },
      );
    }
    if (!(await this.repository.retireQuestion(id))) throw DomainError.notFound('Question');
  }
}
