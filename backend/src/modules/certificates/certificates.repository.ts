import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { outboxInsertCte } from '../../infra/queue/outbox.js';

type Queryable = Pick<EntityManager, 'query'>;

/** A certificate row as the service reads it. */
export interface CertificateRow {
  id: string;
  completionId: string;
  userId: string;
  courseId: string;
  courseVersionId: string;
  organisationId: string | null;
  code: string;
  holderName: string;
  courseTitle: string;
  courseSlug: string;
  courseVersion: number;
  issuerName: string;
  completedAt: Date;
  issuedAt: Date;
  expiresAt: Date | null;
  learningMinutes: number;
  score: number | null;
  storageKey: string;
  statusIndex: number;
  batchId: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  revocationReason: string | null;
  supersededAt: Date | null;
  supersededById: string | null;
  /** The holder deleted their account (holderName is then '' and score null). */
  holderErasedAt: Date | null;
}

export type NewCertificate = Omit<
  CertificateRow,
  'issuedAt' | 'statusIndex' | 'revokedAt' | 'revokedBy' | 'revocationReason' | 'supersededAt' | 'supersededById' | 'holderErasedAt'
>;

export const COLUMNS = `c.id, c.completion_id AS "completionId", c.user_id AS "userId", c.course_id AS "courseId", c.course_version_id AS "courseVersionId",
  c.organisation_id AS "organisationId", c.code, c.holder_name AS "holderName", c.course_title AS "courseTitle", c.course_slug AS "courseSlug",
  c.course_version AS "courseVersion", c.issuer_name AS "issuerName", c.completed_at AS "completedAt", c.issued_at AS "issuedAt",
  c.expires_at AS "expiresAt", c.learning_minutes AS "learningMinutes", c.score, c.storage_key AS "storageKey", c.status_index AS "statusIndex",
  c.batch_id AS "batchId", c.revoked_at AS "revokedAt", c.revoked_by AS "revokedBy", c.revocation_reason AS "revocationReason",
  c.superseded_at AS "supersededAt", c.superseded_by_id AS "supersededById", c.holder_erased_at AS "holderErasedAt"`;

export interface BatchCounts {
  id: string;
  total: number;
  pending: number;
  done: number;
  skipped: number;
  failed: number;
  createdAt: Date;
  reason: string;
}

/** The certificates module's queries. */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Serialises every issuance for one completion (transaction-scoped): a duplicated job waits, then finds the row. */
  async lockCompletion(tx: Queryable, completionId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('certificate:' || $1, 0))`, [completionId]);
  }

  async currentForCompletion(tx: Queryable, completionId: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await tx.query(`SELECT ${COLUMNS} FROM certificates c WHERE c.completion_id = $1 AND c.superseded_at IS NULL`, [
      completionId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Inserts the certificate unless the completion has a current one already; answers the row, or
   * null when it had. `mail`, the learner's mail, goes into the outbox in the same statement, and
   * only with a certificate that was inserted.
   */
  async insert(tx: Queryable, c: NewCertificate, mail?: { payload: JobPayloads['mail.send']; jobId: string }): Promise<CertificateRow | null> {
    const outbox = mail ? outboxInsertCte('mail.send', mail.payload, mail.jobId, 19, 'created') : null;
    const rows: CertificateRow[] = await tx.query(
      `WITH created AS (
       INSERT INTO certificates AS c (id, completion_id, user_id, course_id, course_version_id, organisation_id, code, holder_name, course_title,
              course_slug, course_version, issuer_name, completed_at, expires_at, learning_minutes, score, storage_key, status_index, batch_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, nextval('certificates_status_index_seq'), $18)
       ON CONFLICT (completion_id) WHERE superseded_at IS NULL DO NOTHING
       RETURNING ${COLUMNS}
       )${outbox ? `, outbox AS (${outbox.sql})` : ''}
       SELECT * FROM created`,
      [
        c.id,
        c.completionId,
        c.userId,
        c.courseId,
        c.courseVersionId,
        c.organisationId,
        c.code,
        c.holderName,
        c.courseTitle,
        c.courseSlug,
        c.courseVersion,
        c.issuerName,
        c.completedAt,
        c.expiresAt,
        c.learningMinutes,
        c.score,
        c.storageKey,
        c.batchId,
        ...(outbox?.params ?? []),
      ],
    );
    return rows[0] ?? null;
  }

  /** Marks the current certificate replaced (and so revoked) before its successor is inserted. */
  async supersede(tx: Queryable, id: string, by: string | null, reason: string): Promise<void> {
    await tx.query(
      `UPDATE certificates SET superseded_at = now(), revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2),
              revocation_reason = coalesce(revocation_reason, $3)
        WHERE id = $1`,
      [id, by, reason],
    );
  }

  async linkSuccessor(tx: Queryable, id: string, successorId: string): Promise<void> {
    await tx.query(`UPDATE certificates SET superseded_by_id = $2 WHERE id = $1`, [id, successorId]);
  }

  async byId(id: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await this.db.query(`SELECT ${COLUMNS} FROM certificates c WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async byCode(code: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await this.db.query(`SELECT ${COLUMNS} FROM certificates c WHERE c.code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** Revokes unless revoked already; answers the row after, or null when it was revoked (or is gone). */
  async revoke(id: string, by: string, reason: string): Promise<CertificateRow | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [CertificateRow[], number] = await this.db.query(
      `UPDATE certificates c SET revoked_at = now(), revoked_by = $2, revocation_reason = $3 WHERE c.id = $1 AND c.revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, by, reason],
    );
    return rows[0] ?? null;
  }

  /** Revokes the completion's current certificate (the completion itself was revoked); answers whether one was. */
  async revokeForCompletion(tx: Queryable, completionId: string, reason: string): Promise<string | null> {
    const [rows]: [{ id: string }[], number] = await tx.query(
      `UPDATE certificates SET revoked_at = now(), revocation_reason = $2
        WHERE completion_id = $1 AND superseded_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [completionId, reason],
    );
    return rows[0]?.id ?? null;
  }

  /** A page of a learner's certificates (current ones: a superseded one is listed by its successor), newest first. */
  listForUser(userId: string, after: { issuedAt: string; id: string } | null, limit: number): Promise<CertificateRow[]> {
    const params: unknown[] = [userId, limit + 1];
    const keyset = after ? `AND (c.issued_at, c.id) < ($3::timestamptz, $4::uuid)` : '';
    if (after) params.push(after.issuedAt, after.id);
    return this.db.query(
      `SELECT ${COLUMNS} FROM certificates c WHERE c.user_id = $1 AND c.superseded_at IS NULL ${keyset} ORDER BY c.issued_at DESC, c.id DESC LIMIT $2`,
      params,
    );
  }

  /** A page of an organisation's certificates (its tailored courses'), newest first, optionally by status. */
  listForOrganisation(
    organisationId: string,
    status: 'valid' | 'expired' | 'revoked' | undefined,
    after: { issuedAt: string; id: string } | null,
    limit: number,
  ): Promise<CertificateRow[]> {
    const params: unknown[] = [organisationId, limit + 1];
    const where = [`c.organisation_id = $1`, `c.superseded_at IS NULL`];
    if (status === 'revoked') where.push('c.revoked_at IS NOT NULL');
    if (status === 'expired') where.push('c.revoked_at IS NULL AND c.expires_at <= now()');
    if (status === 'valid') where.push('c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > now())');
    if (after) where.push(`(c.issued_at, c.id) < ($${params.push(after.issuedAt)}::timestamptz, $${params.push(after.id)}::uuid)`);
    return this.db.query(`SELECT ${COLUMNS} FROM certificates c WHERE ${where.join(' AND ')} ORDER BY c.issued_at DESC, c.id DESC LIMIT $2`, params);
  }

  // --- batches --------------------------------------------------------------------------------

  async createBatch(tx: Queryable, b: { requestedBy: string; reason: string; filter: object; completionIds: string[] }): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO certificate_batches (requested_by, reason, filter, total) VALUES ($1, $2, $3::jsonb, $4) RETURNING id`,
      [b.requestedBy, b.reason, JSON.stringify(b.filter), b.completionIds.length],
    );
    const id = rows[0]!.id;
    await tx.query(`INSERT INTO certificate_batch_items (batch_id, completion_id) SELECT $1, unnest($2::uuid[])`, [id, b.completionIds]);
    return id;
  }

  async batch(id: string): Promise<{ id: string; requestedBy: string | null; reason: string } | null> {
    const rows: { id: string; requestedBy: string | null; reason: string }[] = await this.db.query(
      `SELECT id, requested_by AS "requestedBy", reason FROM certificate_batches WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async batchCounts(id: string): Promise<BatchCounts | null> {
    const rows: BatchCounts[] = await this.db.query(
      `SELECT b.id, b.total, b.reason, b.created_at AS "createdAt",
              count(*) FILTER (WHERE i.state = 'pending')::int AS pending, count(*) FILTER (WHERE i.state = 'done')::int AS done,
              count(*) FILTER (WHERE i.state = 'skipped')::int AS skipped, count(*) FILTER (WHERE i.state = 'failed')::int AS failed
         FROM certificate_batches b LEFT JOIN certificate_batch_items i ON i.batch_id = b.id
        WHERE b.id = $1 GROUP BY b.id`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records what became of one completion of a batch; a done item stays done (a late retry of a failure can still finish it). */
  async settleItem(
    batchId: string,
    completionId: string,
    state: 'done' | 'skipped' | 'failed',
    certificateId: string | null,
    error: string | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE certificate_batch_items SET state = $3, certificate_id = coalesce($4, certificate_id), error = $5, updated_at = now()
        WHERE batch_id = $1 AND completion_id = $2 AND state <> 'done'`,
      [batchId, completionId, state, certificateId, error],
    );
  }
}
