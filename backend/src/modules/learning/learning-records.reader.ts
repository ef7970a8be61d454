import { Injectable } from '@nestjs/common';
import { LearningRecordsReader, type LearningRecordExport } from '../../common/auth/learning-records-reader.js';
import { EnrolmentsRepository } from './enrolments.repository.js';

@Injectable()
export class EnrolmentLearningRecordsReader extends LearningRecordsReader {
  constructor(private readonly enrolments: EnrolmentsRepository) {
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
}
