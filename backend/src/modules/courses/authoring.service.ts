import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { hasOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeCursor, isCursorTimestamp, toPage } from '../../common/http/pagination.js';
import { checkPrecondition, type IfMatch } from '../../common/http/preconditions.js';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import type {
  AuthoredCourseSummaryListDto,
  AuthoredLessonDto,
  AuthoredModuleDto,
  AuthoredModuleSummaryListDto,
  CreateLessonDto,
  CreateModuleDto,
  ListAuthoredCoursesQueryDto,
  ListAuthoredModulesQueryDto,
  PreviewDto,
  SourceRefInputDto,
  UpdateLessonDto,
  UpdateModuleDto,
} from './authoring.dto.js';
import { AuthoringRepository, type AuthoringLessonRow, type LessonFields, type UpdatedKey } from './authoring.repository.js';
import { IMPORTED_MESSAGE } from './course-authoring.service.js';
import { LessonRenderer, renderRefusal } from './lesson-renderer.js';
import { CoursesErrors } from './courses.errors.js';

export const PREVIEWS_PER_MINUTE = 120;
const DEFAULT_PAGE_SIZE = 20;
const UPDATED_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The keyset of an authored list from its cursor: [updatedKey, id], as the repository wrote them. */
function updatedKeyOf(cursor: string | undefined): UpdatedKey | null {
  const key = decodeCursor(cursor, 2);
  if (!key) return null;
  const [updatedKey, id] = key;
  if (typeof updatedKey !== 'string' || !UPDATED_KEY.test(updatedKey) || !isCursorTimestamp(updatedKey) || typeof id !== 'string' || !UUID.test(id)) {
    throw DomainError.validation([{ field: 'cursor', reasons: ['cursor is not valid: use nextCursor from the previous page'] }]);
  }
  return { updatedKey, id };
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

function toLessonDto(row: AuthoringLessonRow): Omit<AuthoredLessonDto, 'revision'> {
  return {
    id: row.id,
    moduleSlug: row.moduleSlug,
    slug: row.slug,
    title: row.title,
    position: row.position,
    estimatedMinutes: row.estimatedMinutes,
    objectives: row.objectives,
    contentNote: row.contentNote,
    bodyMarkdown: row.bodyMarkdown,
    html: row.bodyHtml,
    sources: row.sources,
  };
}

/**
 * The authoring API's rules for modules and lessons (platform admins) and the live preview.
 * Items imported from backend/content are refused with 422: the files own them. Image uploads
 * and their quota: UploadsService.
 */
@Injectable()
export class AuthoringService {
  constructor(
    private readonly repository: AuthoringRepository,
    private readonly memberships: MembershipReader,
    private readonly rateLimiter: RateLimiter,
    private readonly renderer: LessonRenderer,
  ) {}

  /** Markdown to sanitised HTML in a worker thread, time-limited; refused input is a 4xx naming the field. */
  private async render(field: 'markdown' | 'bodyMarkdown', markdown: string): Promise<string> {
    const outcome = await this.renderer.render(markdown);
    if (!outcome.ok) throw renderRefusal(field, outcome.reason);
    return outcome.html;
  }

  private requireAdmin(actor: Actor): void {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may edit modules and lessons');
  }

  /**
   * Authors: platform admins, and whoever is a trainer or org admin somewhere (they assemble
   * tailored courses). Kept for the preview (issue #7, finding 1: previews are for authors);
   * uploads check authorship per organisation in UploadsService.
   */
  private async requireAuthor(actor: Actor): Promise<void> {
    if (actor.isPlatformAdmin) return;
    const memberships = await this.memberships.listForUser(actor.userId);
    if (!memberships.some((m) => hasOrgRole(m.role, 'trainer'))) {
      throw new DomainError(ErrorCode.Forbidden, 'Only course authors may do this');
    }
  }

  /** Every passage must occur in its publication's source text, as in backend/content. */
  private async checkSources(sources: SourceRefInputDto[]): Promise<void> {
    const publications = await this.repository.publicationSources([...new Set(sources.map((s) => s.publication))]);
    const reasons: string[] = [];
    for (const [i, s] of sources.entries()) {
      const publication = publications.get(s.publication);
      if (!publication) reasons.push(`sources[${i}]: no such publication: ${s.publication}`);
      else if (!normalise(publication.sourceText).includes(normalise(s.passage))) {
        reasons.push(`sources[${i}]: the passage does not occur in ${s.publication}'s source text`);
      }
    }
    if (reasons.length) throw DomainError.validation([{ field: 'sources', reasons }]);
  }

  private async moduleDto(slug: string): Promise<AuthoredModuleDto> {
    const m = await this.repository.findModule(slug);
    if (!m) throw DomainError.notFound('Module');
    const lessons = await this.repository.lessonsOfModule(m.id);
    return {
      id: m.id,
      slug: m.slug,
      title: m.title,
      summary: m.summary,
      publicationSlug: m.publicationSlug,
      origin: m.origin,
      revision: m.contentHash,
      lessons,
    };
  }

  /** Courses written through the API (public and tailored, drafts too); imported ones are not listed. */
  async listAuthoredCourses(actor: Actor, query: ListAuthoredCoursesQueryDto): Promise<AuthoredCourseSummaryListDto> {
    this.requireAdmin(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listAuthoredCourses(
      { q: query.q, status: query.status, visibility: query.visibility },
      updatedKeyOf(query.cursor),
      limit,
    );
    const page = toPage(rows, limit, (r) => [r.updatedKey, r.id]);
    return {
      items: page.items.map((r) => ({
        slug: r.slug,
        title: r.title,
        status: r.status,
        visibility: r.visibility,
        organisationName: r.organisationName,
        version: r.version,
        updatedAt: new Date(r.updatedAt).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Modules written through the API, whether or not a course contains them; imported ones are not listed. */
  async listAuthoredModules(actor: Actor, query: ListAuthoredModulesQueryDto): Promise<AuthoredModuleSummaryListDto> {
    this.requireAdmin(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listAuthoredModules(query.q, updatedKeyOf(query.cursor), limit);
    const page = toPage(rows, limit, (r) => [r.updatedKey, r.id]);
    return {
      items: page.items.map((r) => ({ slug: r.slug, title: r.title, lessonCount: r.lessonCount, updatedAt: new Date(r.updatedAt).toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  async createModule(actor: Actor, dto: CreateModuleDto): Promise<AuthoredModuleDto> {
    this.requireAdmin(actor);
    const publication = (await this.repository.publicationSources([dto.publicationSlug])).get(dto.publicationSlug);
    if (!publication) throw DomainError.validation([{ field: 'publicationSlug', reasons: [`no such publication: ${dto.publicationSlug}`] }]);
    const fields = { title: dto.title.trim(), summary: dto.summary.trim() };
    const inserted = await this.repository.insertModule({ slug: dto.slug, publicationId: publication.id, ...fields, contentHash: hashOf(fields) });
    if (!inserted) throw new DomainError(ErrorCode.Conflict, 'A module with this slug exists');
    return this.moduleDto(dto.slug);
  }

  async getModule(actor: Actor, slug: string): Promise<AuthoredModuleDto> {
    this.requireAdmin(actor);
    return this.moduleDto(slug);
  }

  /** Merged onto the module as it is under its row lock; with If-Match, refused (412) once it has changed. */
  async updateModule(actor: Actor, slug: string, dto: UpdateModuleDto, ifMatch?: IfMatch): Promise<AuthoredModuleDto> {
    this.requireAdmin(actor);
    const m = await this.repository.findModule(slug);
    if (!m) throw DomainError.notFound('Module');
    if (m.origin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_MESSAGE);
    const updated = await this.repository.updateModule(m.id, (current) => {
      checkPrecondition(ifMatch, current.contentHash, 'module');
      const fields = { title: dto.title?.trim() ?? current.title, summary: dto.summary?.trim() ?? current.summary };
      return { ...fields, contentHash: hashOf(fields) };
    });
    if (!updated) throw DomainError.notFound('Module');
    return this.moduleDto(slug);
  }

  async createLesson(actor: Actor, moduleSlug: string, dto: CreateLessonDto): Promise<AuthoredLessonDto> {
    this.requireAdmin(actor);
    const m = await this.repository.findModule(moduleSlug);
    if (!m) throw DomainError.notFound('Module');
    if (m.origin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_MESSAGE);
    const sources = dto.sources ?? [];
    await this.checkSources(sources);
    const content = {
      title: dto.title.trim(),
      estimatedMinutes: dto.estimatedMinutes,
      objectives: dto.objectives ?? [],
      contentNote: dto.contentNote?.trim() || null,
      bodyMarkdown: dto.bodyMarkdown,
      sources: sources.map((s) => ({ publication: s.publication, passage: s.passage })),
    };
    // Rendered before anything is written: a refused render saves nothing.
    const bodyHtml = await this.render('bodyMarkdown', dto.bodyMarkdown);
    const id = await this.repository.insertLesson(m.id, dto.slug, { ...content, bodyHtml, contentHash: hashOf(content) });
    if (!id) throw new DomainError(ErrorCode.Conflict, 'This module has a lesson with this slug');
    return this.getLesson(actor, id);
  }

  async getLesson(actor: Actor, id: string): Promise<AuthoredLessonDto> {
    this.requireAdmin(actor);
    const row = await this.repository.findLesson(id);
    if (!row) throw DomainError.notFound('Lesson');
    return { ...toLessonDto(row), revision: row.contentHash };
  }

  /** Merged onto the lesson as it is under its row lock; with If-Match, refused (412) once it has changed. */
  async updateLesson(actor: Actor, id: string, dto: UpdateLessonDto, ifMatch?: IfMatch): Promise<AuthoredLessonDto> {
    this.requireAdmin(actor);
    const row = await this.repository.findLesson(id);
    if (!row) throw DomainError.notFound('Lesson');
    if (row.moduleOrigin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_MESSAGE);
    if (dto.sources) await this.checkSources(dto.sources);
    // Rendered before the row is locked and anything is written: a refused render saves nothing.
    // The body as it was (read with its HTML) needs no render.
    const bodyHtml =
      dto.bodyMarkdown === undefined ? undefined : dto.bodyMarkdown === row.bodyMarkdown ? row.bodyHtml : await this.render('bodyMarkdown', dto.bodyMarkdown);
    const updated = await this.repository.updateLesson(id, (current) => {
      checkPrecondition(ifMatch, current.contentHash, 'lesson');
      const content: Omit<LessonFields, 'contentHash' | 'bodyHtml'> = {
        title: dto.title?.trim() ?? current.title,
        estimatedMinutes: dto.estimatedMinutes ?? current.estimatedMinutes,
        objectives: dto.objectives ?? current.objectives,
        contentNote: dto.contentNote === undefined ? current.contentNote : dto.contentNote?.trim() || null,
        bodyMarkdown: dto.bodyMarkdown ?? current.bodyMarkdown,
        sources: dto.sources ? dto.sources.map((s) => ({ publication: s.publication, passage: s.passage })) : current.sources,
      };
      return { ...content, bodyHtml: bodyHtml ?? current.bodyHtml, contentHash: hashOf(content) };
    });
    if (!updated) throw DomainError.notFound('Lesson');
    return this.getLesson(actor, id);
  }

  /**
   * The live preview, for authors only: exactly what a learner would get, rendered like a save
   * (worker thread, time limit). Rate limited per person.
   */
  async preview(actor: Actor, markdown: string): Promise<PreviewDto> {
    await this.requireAuthor(actor);
    const state = await this.rateLimiter.hit(`authoring-preview:${actor.userId}`, 60);
    if (state.count > PREVIEWS_PER_MINUTE) {
      throw new DomainError(ErrorCode.RateLimited, 'Too many previews; wait a moment', undefined, { 'Retry-After': String(state.retryAfterSeconds || 60) });
    }
    return { html: await this.render('markdown', markdown) };
  }
}
