import { Injectable } from '@nestjs/common';
import {
  EXPORT_STATEMENTS_MAX,
  LearningRecordsReader,
  type LearningRecordExport,
  type LearningStatementExport,
  type OwnReflection,
  type ReflectionExport,
} from '../../common/auth/learning-records-reader.js';
import { EnrolmentsRepository } from './enrolments.repository.js';
import { ProgressRepository } from './progress.repository.js';
import { ReflectionsRepository } from './reflections.repository.js';
import { StatementsRepository } from './statements.repository.js';

@Injectable()
export class EnrolmentLearningRecordsReader extends LearningRecordsReader {
  constructor(
    private readonly enrolments: EnrolmentsRepository,
    private readonly reflections: ReflectionsRepository,
    private readonly progress: ProgressRepository,
    private readonly statements: StatementsRepository,
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

  async statementsFor(userId: string): Promise<{ statements: LearningStatementExport[]; complete: boolean }> {
    // The newest EXPORT_STATEMENTS_MAX (+1 to know whether there are more), then oldest first.
    const rows = await this.statements.pageOfUser(userId, { since: null, until: null }, null, EXPORT_STATEMENTS_MAX + 1, false);
    const kept = rows.slice(0, EXPORT_STATEMENTS_MAX).reverse();
    return { statements: kept.map((r) => JSON.parse(r.json) as LearningStatementExport), complete: rows.length <= EXPORT_STATEMENTS_MAX };
  }

  async eraseStatementsFor(userId: string): Promise<void> {
    await this.statements.deleteAllForUser(userId);
  }
}
