import { Injectable } from '@nestjs/common';
import { LearningRecordsReader, type LearningRecordExport, type OwnReflection, type ReflectionExport } from '../../common/auth/learning-records-reader.js';
import { EnrolmentsRepository } from './enrolments.repository.js';
import { ReflectionsRepository } from './reflections.repository.js';

@Injectable()
export class EnrolmentLearningRecordsReader extends LearningRecordsReader {
  constructor(
    private readonly enrolments: EnrolmentsRepository,
    private readonly reflections: ReflectionsRepository,
  ) {
    super();
  }

  async exportFor(userId: string): Promise<LearningRecordExport[]> {
    const rows = await this.enrolments.listAllForUser(userId);
    return rows.map((r) => ({
      kind: 'enrolment',
      courseSlug: r.courseSlug,
      courseTitle: r.courseTitle,
      versionNumber: r.versionNumber,
      enrolledAt: new Date(r.enrolledAt).toISOString(),
      dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
    }));
  }

  reflectionsFor(userId: string): Promise<ReflectionExport[]> {
    return this.reflections.listAllForUser(userId);
  }

  reflectionOn(userId: string, lessonId: string): Promise<OwnReflection | null> {
    return this.reflections.findOwn(userId, lessonId);
  }

  erasePrivateNotesFor(userId: string): Promise<void> {
    return this.reflections.deleteAllForUser(userId);
  }
}
