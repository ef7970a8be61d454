import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CompletionReader, type CompletionForCertificate } from '../../common/ports/completion-reader.js';

/**
 * The learning module's answer to the CompletionReader port (common/ports): a completion with
 * what a certificate prints. Reads the other modules' rows it names (users, courses, versions,
 * organisations, lessons) in SQL, as the module's other read models do.
 */
@Injectable()
export class LearningCompletionReader extends CompletionReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async forCertificate(completionId: string, tx: Pick<EntityManager, 'query'> = this.db): Promise<CompletionForCertificate | null> {
    const rows: CompletionForCertificate[] = await tx.query(
      `SELECT cc.id AS "completionId", cc.user_id AS "userId",
              CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS "holderName",
              CASE WHEN u.deleted_at IS NULL THEN u.email END AS "holderEmail",
              cc.course_id AS "courseId", c.slug AS "courseSlug", cc.course_version_id AS "courseVersionId",
              v.title AS "courseTitle", v.version AS "courseVersion",
              c.organisation_id AS "organisationId", o.name AS "organisationName",
              cc.completed_at AS "completedAt", cc.expires_at AS "expiresAt", cc.final_score AS "finalScore",
              coalesce((SELECT sum(l.estimated_minutes)::int FROM course_modules cm JOIN lessons l ON l.module_id = cm.module_id AND l.retired_at IS NULL
                         WHERE cm.course_version_id = cc.course_version_id), 0) AS "estimatedMinutes",
              cc.revoked_at AS "revokedAt", cc.archived_at AS "archivedAt"
         FROM course_completions cc
         JOIN users u ON u.id = cc.user_id
         JOIN courses c ON c.id = cc.course_id
         JOIN course_versions v ON v.id = cc.course_version_id
         LEFT JOIN organisations o ON o.id = c.organisation_id
        WHERE cc.id = $1`,
      [completionId],
    );
    return rows[0] ?? null;
  }

  async standingCompletions(filter: { courseId?: string; organisationId?: string; userIds?: string[] }, limit: number): Promise<string[]> {
    const where = ['cc.revoked_at IS NULL', 'cc.archived_at IS NULL'];
    const params: unknown[] = [];
    if (filter.courseId) where.push(`cc.course_id = $${params.push(filter.courseId)}`);
    if (filter.organisationId) where.push(`c.organisation_id = $${params.push(filter.organisationId)}`);
    if (filter.userIds) where.push(`cc.user_id = ANY($${params.push(filter.userIds)}::uuid[])`);
    const rows: { id: string }[] = await this.db.query(
      `SELECT cc.id FROM course_completions cc JOIN courses c ON c.id = cc.course_id
        WHERE ${where.join(' AND ')} ORDER BY cc.completed_at, cc.id LIMIT $${params.push(limit)}`,
      params,
    );
    return rows.map((r) => r.id);
  }
}
