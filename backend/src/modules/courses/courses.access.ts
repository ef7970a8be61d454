import { Injectable } from '@nestjs/common';
import { hasOrgRole, type OrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';

export interface LessonAccessCourse {
  slug: string;
  versionId: string;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  /** The actor is enrolled on this course (versionId is then their pinned version). */
  enrolled: boolean;
}

export interface LessonAccessContext {
  lessonId: string;
  moduleId: string;
  /**
   * Published courses the actor may see that contain the lesson's module (at the actor's pinned
   * version when enrolled, else the current one), narrowed to ?course= when given.
   */
  courses: LessonAccessCourse[];
}

/**
 * The one place that decides who may read a lesson:
 * - a lesson of a public published course: anyone (the public catalogue);
 * - a lesson of an organisation-only (tailored) course: learners enrolled on it, the
 *   organisation's trainers and org admins (who assemble it), and platform admins.
 * A lesson the actor may not read is answered like one that does not exist (404).
 */
@Injectable()
export class LessonAccessPolicy {
  constructor(private readonly memberships: MembershipReader) {}

  /** The courses of ctx through which the actor may read the lesson; empty: refused. */
  async readableCourses<C extends LessonAccessCourse>(actor: Actor | undefined, ctx: LessonAccessContext & { courses: C[] }): Promise<C[]> {
    const readable: C[] = [];
    // One membership lookup per organisation, however many of its courses contain the lesson.
    const roles = new Map<string, Promise<OrgRole | null>>();
    for (const course of ctx.courses) {
      if (await this.canReadThrough(actor, course, roles)) readable.push(course);
    }
    return readable;
  }

  async canReadLesson(actor: Actor | undefined, ctx: LessonAccessContext): Promise<boolean> {
    return (await this.readableCourses(actor, ctx)).length > 0;
  }

  private async canReadThrough(actor: Actor | undefined, course: LessonAccessCourse, roles: Map<string, Promise<OrgRole | null>>): Promise<boolean> {
    if (course.visibility === 'public') return true;
    if (!actor) return false;
    if (course.enrolled || actor.isPlatformAdmin) return true;
    if (!course.organisationId) return false;
    const organisationId = course.organisationId;
    if (!roles.has(organisationId)) {
      const known = actor.memberships?.find((m) => m.organisationId === organisationId);
      roles.set(organisationId, actor.memberships ? Promise.resolve(known?.role ?? null) : this.memberships.roleOf(actor.userId, organisationId));
    }
    const role = await roles.get(organisationId)!;
    return hasOrgRole(role, 'trainer');
  }
}
