import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CoursesService } from '../courses/index.js';
import type { LessonReflectionDto, SaveLessonReflectionDto } from './reflections.dto.js';
import { ReflectionsRepository } from './reflections.repository.js';

/**
 * A learner's private reflection on a lesson. Only its writer reads or writes it: every call is
 * keyed by the caller's own user id, so there is nothing to check about anyone else, and nobody
 * (trainer, org admin, platform admin) has a route to another person's note.
 */
@Injectable()
export class ReflectionsService {
  constructor(
    private readonly repository: ReflectionsRepository,
    private readonly courses: CoursesService,
  ) {}

  /** 404 when the caller has written none on this lesson. */
  async getOwn(actor: Actor, lessonId: string): Promise<LessonReflectionDto> {
    const own = await this.repository.findOwn(actor.userId, lessonId);
    if (!own) throw DomainError.notFound('Reflection');
    return own;
  }

  /** Only on a lesson the caller may read (else 404); a save from an older copy is 409 and writes nothing. */
  async saveOwn(actor: Actor, lessonId: string, dto: SaveLessonReflectionDto): Promise<LessonReflectionDto> {
    await this.courses.assertCanReadLesson(actor, lessonId);
    const result = await this.repository.save(actor.userId, lessonId, dto.text, dto.version);
    if ('saved' in result) return result.saved;
    throw new DomainError(
      ErrorCode.Conflict,
      'This note was saved from another window after you opened it. Copy your text, reload the lesson, and save it again.',
      { currentVersion: result.stale?.version ?? 0 },
    );
  }
}
