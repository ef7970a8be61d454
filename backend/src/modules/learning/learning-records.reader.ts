import { Injectable } from '@nestjs/common';
import { LearningRecordsReader, type LearningRecordExport, type OwnReflection, type ReflectionExport } from '../../common/auth/learning-records-reader.js';
import { EnrolmentsRepository } from './enrolments.repository.js';
import { ProgressRepository } from './progress.repository.js';
import { ReflectionsRepository } from './reflections.repository.js';

@Injectable()
export class EnrolmentLearningRecordsReader extends LearningRecordsReader {
  constructor(
    private readonly enrolments: EnrolmentsRepository,
    private readonly reflections: ReflectionsRepository,
    private readonly progress: ProgressRepository,
  ) {
    super();
  }

  async exportFor(userId: string): Promise<LearningRecordExport[]> {
    const [rows, detail] = await Promise.all([this.enrolments.listAllForUser(userId), this.progress.exportFor(userId)]);
    return rows.map((r) => ({
      kind: 'enrolment',
      courseSlug: r.courseSlug,
      courseTitle: r.courseTitle,
      versionNumber: r.versionNumber,
      enrolledAt: new Date(r.enrolledAt).toISOString(),
      dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
      archivedAt: r.archivedAt ? new Date(r.archivedAt).toISOString() : null,
      lessonProgress: detail.get(r.id)?.lessonProgress ?? [],
      completions: detail.get(r.id)?.completions ?? [],
    }));
  }

  reflectionsFor(userId: string): Promise<ReflectionExport[]> {
    return this.reflections.listAllForUser(userId);
  }

  reflectionOn(userId: string, lessonId: string): Promise<OwnReflection | null> {
    return this.reflections.findOwn(userId, lessonId);
  }

  async erasePrivateNotesFor(userId: string): Promise<void> {
    await this.reflections.deleteAllForUser(userId);
    await this.progress.eraseIntervalsFor(userId);
  }
}
