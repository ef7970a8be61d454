import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { PublicationCourses, type CourseRefDto } from '../library/index.js';
import { CourseViewers } from './course-visibility.js';
import { CoursesRepository } from './courses.repository.js';

/** The library's port: published courses the caller may see with a module built from, or a lesson citing, the publication. */
@Injectable()
export class PublicationCoursesReader extends PublicationCourses {
  constructor(
    private readonly repository: CoursesRepository,
    private readonly viewers: CourseViewers,
  ) {
    super();
  }

  async coursesUsing(actor: Actor | undefined, publication: { id: string; slug: string }): Promise<CourseRefDto[]> {
    return this.repository.coursesUsingPublication(publication.id, publication.slug, await this.viewers.viewerOf(actor));
  }
}
