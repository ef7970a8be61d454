import type { Actor } from '../../common/auth/actor.js';
import type { CourseRefDto } from './publications.dto.js';

/**
 * The port through which a publication's detail lists the published courses that teach from it,
 * as the caller may see them. The courses module provides it, so the library depends on no course code.
 */
export abstract class PublicationCourses {
  abstract coursesUsing(actor: Actor | undefined, publication: { id: string; slug: string }): Promise<CourseRefDto[]>;
}
