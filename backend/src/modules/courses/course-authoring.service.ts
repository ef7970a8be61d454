import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { assertOrgRole, hasOrgRole, type OrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeCursor, toPage, type PageQueryDto } from '../../common/http/pagination.js';
import { checkPrecondition, type IfMatch } from '../../common/http/preconditions.js';
import type {
  AuthoredCourseDto,
  AuthoredCourseListDto,
  CreateCourseDto,
  CreateTailoredCourseDto,
  UpdateCourseDto,
  UpdateTailoredCourseDto,
} from './authoring.dto.js';
import { CourseWriteRepository, type AuthoringCourseRow, type CourseVersionContent, type ModuleScope } from './course-writer.repository.js';
import { CourseViewers } from './course-visibility.js';
import { CoursesErrors } from './courses.errors.js';

export const IMPORTED_MESSAGE = 'imported from backend/content; edit the file';
const PUBLIC_AUDIENCE_MESSAGE = 'only an organisation’s own course is published to its organisation or its cohorts; a public course is for everyone';
const DEFAULT_PAGE_SIZE = 20;

export function versionHash(content: CourseVersionContent): string {
  // Without a validity period the hash is what it was before the field existed: no new version for an unchanged save.
  const { validityMonths, ...rest } = content;
  return createHash('sha256')
    .update(JSON.stringify(validityMonths === null ? rest : content))
    .digest('hex');
}

/** A slug from a title, with a random suffix so two organisations can both have "Induction". */
export function tailoredSlug(title: string, random = randomBytes(3).toString('hex')): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return base ? `${base}-${random}` : `course-${random}`;
}

function toDto(row: AuthoringCourseRow): AuthoredCourseDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    audience: row.audience,
    objectives: row.objectives,
    status: row.status,
    visibility: row.visibility,
    organisationId: row.organisationId,
    publishedTo: row.visibility === 'organisation' ? row.publishedTo : null,
    origin: row.origin,
    version: row.version,
    revision: row.versionHash,
    publishedAt: new Date(row.publishedAt).toISOString(),
    passMark: row.passMark,
    defaultDuePeriodDays: row.defaultDuePeriodDays,
    validityMonths: row.validityMonths,
    modules: row.modules.map((m) => ({ id: m.id, position: m.position, slug: m.slug, title: m.title })),
  };
}

/**
 * Writing courses outside backend/content: tailored courses (trainers and org admins of one
 * organisation, from existing modules; visible to that organisation only) and public courses
 * (platform admins). A changed course gets a new immutable version; learners stay pinned to
 * theirs. Courses imported from backend/content are refused (422): the files own them.
 */
@Injectable()
export class CourseAuthoringService {
  constructor(
    private readonly repository: CourseWriteRepository,
    private readonly memberships: MembershipReader,
    private readonly viewers: CourseViewers,
  ) {}

  /** 404 for a non-member (existence is not revealed), 403 for a role too low. */
  private async requireRole(actor: Actor, organisationId: string, minRole: OrgRole): Promise<void> {
    if (actor.isPlatformAdmin) return;
    assertOrgRole(await this.memberships.roleOf(actor.userId, organisationId), minRole, `Only ${minRole.replace('_', ' ')}s and above may do this`);
  }

  /**
   * May the actor edit this course? A tailored course is edited by its organisation's trainers
   * and org admins, a public one by platform admins. To anyone else the authoring API answers
   * 404, exactly as for a slug that does not exist: a draft's slug must not be confirmed by a 403.
   */
  private async requireEditor(actor: Actor, course: AuthoringCourseRow | null): Promise<AuthoringCourseRow> {
    if (!course) throw DomainError.notFound('Course');
    if (!actor.isPlatformAdmin) {
      if (course.visibility !== 'organisation' || !course.organisationId) throw DomainError.notFound('Course');
      // Learners of its organisation included.
      const role = await this.memberships.roleOf(actor.userId, course.organisationId);
      if (!hasOrgRole(role, 'trainer')) throw DomainError.notFound('Course');
    }
    if (course.origin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_MESSAGE);
    return course;
  }

  /**
   * The ids of the modules, in order. A module outside the scope (a draft, or another
   * organisation's) is refused exactly like one that does not exist, so slugs reveal nothing.
   */
  private async moduleIds(slugs: string[], scope: ModuleScope): Promise<string[]> {
    const rows = await this.repository.availableModulesBySlugs(slugs, scope);
    const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
    const missing = slugs.filter((s) => !bySlug.has(s));
    if (missing.length) throw DomainError.validation([{ field: 'moduleSlugs', reasons: [`no such module: ${missing.join(', ')}`] }]);
    return slugs.map((s) => bySlug.get(s)!);
  }

  /**
   * Which modules the actor may put in a course of this organisation (null: a public course).
   * Platform admins write the modules and see every one; anyone else only the public library
   * and what is already the organisation's own.
   */
  private moduleScope(actor: Actor, organisationId: string | null): ModuleScope {
    if (actor.isPlatformAdmin || organisationId === null) return { kind: 'any' };
    return { kind: 'organisation', organisationId };
  }

  private async reload(slug: string): Promise<AuthoredCourseDto> {
    const row = await this.repository.findCourse(slug);
    if (!row) throw DomainError.notFound('Course');
    return toDto(row);
  }

  // --- tailored courses ---------------------------------------------------------------------

  /** Published at once as version 1: a tailored course has no draft stage (it can be unpublished later). */
  async createTailoredCourse(actor: Actor, organisationId: string, dto: CreateTailoredCourseDto): Promise<AuthoredCourseDto> {
    await this.requireRole(actor, organisationId, 'trainer');
    const content: CourseVersionContent = {
      title: dto.title.trim(),
      summary: dto.summary?.trim() ?? '',
      audience: 'Members of this organisation',
      objectives: [],
      passMark: dto.passMark,
      defaultDuePeriodDays: dto.defaultDuePeriodDays ?? null,
      moduleIds: await this.moduleIds(dto.moduleSlugs, this.moduleScope(actor, organisationId)),
      validityMonths: dto.validityMonths ?? null,
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const slug = tailoredSlug(content.title);
      const id = await this.repository.createCourse(
        { slug, status: 'published', visibility: 'organisation', organisationId, audience: dto.publishedTo ?? 'organisation' },
        content,
        versionHash(content),
      );
      if (id) return this.reload(slug);
    }
    throw new DomainError(ErrorCode.Conflict, 'Could not find a free slug for the course; try again');
  }

  async updateTailoredCourse(actor: Actor, organisationId: string, slug: string, dto: UpdateTailoredCourseDto, ifMatch?: IfMatch): Promise<AuthoredCourseDto> {
    await this.requireRole(actor, organisationId, 'trainer');
    const course = await this.repository.findCourse(slug);
    // Only this organisation's tailored courses exist under its path.
    if (!course || course.organisationId !== organisationId) throw DomainError.notFound('Course');
    return this.applyUpdate(actor, course, dto, ifMatch);
  }

  /**
   * Learners see the published ones published to the whole organisation or to a cohort of theirs
   * (the course visibility rule); trainers and above all of them, unpublished ones too.
   */
  async listTailoredCourses(actor: Actor, organisationId: string, query: PageQueryDto): Promise<AuthoredCourseListDto> {
    await this.requireRole(actor, organisationId, 'learner');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(query.cursor, 2);
    if (key && (typeof key[0] !== 'string' || typeof key[1] !== 'string')) {
      throw DomainError.validation([{ field: 'cursor', reasons: ['cursor is not valid: use nextCursor from the previous page'] }]);
    }
    let manages = actor.isPlatformAdmin;
    if (!manages) {
      const role = await this.memberships.roleOf(actor.userId, organisationId);
      manages = hasOrgRole(role, 'trainer');
    }
    const rows = await this.repository.listOrganisationCourses(
      organisationId,
      key ? { title: key[0] as string, slug: key[1] as string } : null,
      limit,
      manages ? null : (await this.viewers.viewerOf(actor)).cohortCourseIds,
    );
    const page = toPage(rows, limit, (r) => [r.title, r.slug]);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  // --- the authoring API ----------------------------------------------------------------------

  /** A public course, as a draft (version 1); platform admins only. */
  async createCourse(actor: Actor, dto: CreateCourseDto): Promise<AuthoredCourseDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may create public courses');
    if (dto.publishedTo !== undefined) throw DomainError.validation([{ field: 'publishedTo', reasons: [PUBLIC_AUDIENCE_MESSAGE] }]);
    const content: CourseVersionContent = {
      title: dto.title.trim(),
      summary: dto.summary?.trim() ?? '',
      audience: dto.audience?.trim() ?? '',
      objectives: dto.objectives ?? [],
      passMark: dto.passMark,
      defaultDuePeriodDays: dto.defaultDuePeriodDays ?? null,
      moduleIds: await this.moduleIds(dto.moduleSlugs, this.moduleScope(actor, null)),
      validityMonths: dto.validityMonths ?? null,
    };
    const id = await this.repository.createCourse(
      { slug: dto.slug, status: 'draft', visibility: 'public', organisationId: null, audience: 'organisation' },
      content,
      versionHash(content),
    );
    if (!id) throw new DomainError(ErrorCode.Conflict, 'A course with this slug exists');
    return this.reload(dto.slug);
  }

  async getCourse(actor: Actor, slug: string): Promise<AuthoredCourseDto> {
    const course = await this.repository.findCourse(slug);
    if (course?.origin === 'content' && actor.isPlatformAdmin) return toDto(course);
    return toDto(await this.requireEditor(actor, course));
  }

  async updateCourse(actor: Actor, slug: string, dto: UpdateCourseDto, ifMatch?: IfMatch): Promise<AuthoredCourseDto> {
    const course = await this.requireEditor(actor, await this.repository.findCourse(slug));
    return this.applyUpdate(actor, course, dto, ifMatch);
  }

  async setPublished(actor: Actor, slug: string, published: boolean): Promise<AuthoredCourseDto> {
    const course = await this.requireEditor(actor, await this.repository.findCourse(slug));
    await this.repository.setStatus(course.id, published ? 'published' : 'draft');
    return this.reload(slug);
  }

  /**
   * Merges the change into the current version, read under the course's row lock, so two
   * editors saving different fields at once both keep their change; a real change becomes a new
   * version. With If-Match, a course that changed since the editor loaded it is refused (412).
   */
  private async applyUpdate(actor: Actor, course: AuthoringCourseRow, dto: UpdateCourseDto, ifMatch: IfMatch | undefined): Promise<AuthoredCourseDto> {
    if (course.origin === 'content') throw new DomainError(CoursesErrors.ContentManagedByFiles, IMPORTED_MESSAGE);
    if (dto.publishedTo !== undefined && course.visibility !== 'organisation') {
      throw DomainError.validation([{ field: 'publishedTo', reasons: [PUBLIC_AUDIENCE_MESSAGE] }]);
    }
    const moduleIds = dto.moduleSlugs ? await this.moduleIds(dto.moduleSlugs, this.moduleScope(actor, course.organisationId)) : undefined;
    const result = await this.repository.updateCourse(
      course.id,
      (current) => {
        checkPrecondition(ifMatch, current.versionHash, 'course');
        const content = mergeCourse(current, dto, moduleIds);
        return { content, hash: versionHash(content) };
      },
      dto.publishedTo,
    );
    if (!result) throw DomainError.notFound('Course');
    return this.reload(course.slug);
  }
}

/** The course's current content with the fields the change names replaced. */
export function mergeCourse(current: AuthoringCourseRow, dto: UpdateCourseDto, moduleIds: string[] | undefined): CourseVersionContent {
  return {
    title: dto.title?.trim() ?? current.title,
    summary: dto.summary?.trim() ?? current.summary,
    audience: dto.audience?.trim() ?? current.audience,
    objectives: dto.objectives ?? current.objectives,
    passMark: dto.passMark ?? current.passMark,
    defaultDuePeriodDays: dto.defaultDuePeriodDays === undefined ? current.defaultDuePeriodDays : dto.defaultDuePeriodDays,
    moduleIds: moduleIds ?? current.modules.map((m) => m.id),
    validityMonths: dto.validityMonths === undefined ? current.validityMonths : dto.validityMonths,
  };
}
