import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COLUMNS, type CertificateRow } from './certificates.repository.js';

/** The reason an account deletion records on the certificates it withdraws (never shown publicly). */
export const ACCOUNT_DELETED_REASON = 'Withdrawn: the holder deleted their account.';

/** A platform admin's lookup row: the certificate and whether its holder's account still exists. */
export type AdminCertificateRow = CertificateRow;

/** The platform admins' lookup across organisations, and the erasure of a deleted account's certificates. */
@Injectable()
export class CertificateLookupRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every certificate of one user (superseded ones too: the admin sees the history), newest first. */
  listForUser(userId: string, after: { issuedAt: string; id: string } | null, limit: number): Promise<AdminCertificateRow[]> {
    const params: unknown[] = [userId, limit + 1];
    const keyset = after ? `AND (c.issued_at, c.id) < ($${params.push(after.issuedAt)}::timestamptz, $${params.push(after.id)}::uuid)` : '';
    return this.db.query(`SELECT ${COLUMNS} FROM certificates c WHERE c.user_id = $1 ${keyset} ORDER BY c.issued_at DESC, c.id DESC LIMIT $2`, params);
  }

  /**
   * Deleted accounts that still have a certificate not withdrawn (a withdrawal that failed at
   * deletion): reads identity's `users.deleted_at` in SQL, driven from the few deleted accounts.
   */
  async deletedHoldersLeft(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT u.id FROM users u
        WHERE u.deleted_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = u.id AND c.holder_erased_at IS NULL)
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Withdraws every certificate of the user not yet erased, in one transaction that first takes
   * each of the user's completions' issuing lock (`lockCompletion`'s key, in a fixed order): an
   * issuance running meanwhile commits first and its row is withdrawn here; one starting after
   * reads the deleted account and issues nothing. The name printed on it and the score are
   * erased; a standing certificate is revoked with ACCOUNT_DELETED_REASON (one revoked before
   * keeps its own reason and date). Answers the withdrawn certificates' ids and files.
   */
  async eraseHolder(userId: string, completionIds: string[]): Promise<{ id: string; storageKey: string; organisationId: string | null }[]> {
    return this.db.transaction(async (tx) => {
      const own: { completionId: string }[] = await tx.query(`SELECT DISTINCT completion_id AS "completionId" FROM certificates WHERE user_id = $1`, [userId]);
      const all = [...new Set([...completionIds, ...own.map((r) => r.completionId)])].sort();
      if (all.length) {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('certificate:' || id, 0)) FROM (SELECT unnest($1::text[]) AS id ORDER BY 1) ids`, [all]);
      }
      const [rows]: [{ id: string; storageKey: string; organisationId: string | null }[], number] = await tx.query(
        `UPDATE certificates
            SET holder_name = '', score = NULL, holder_erased_at = now(),
                revoked_at = coalesce(revoked_at, now()), revocation_reason = coalesce(revocation_reason, $2)
          WHERE user_id = $1 AND holder_erased_at IS NULL
        RETURNING id, storage_key AS "storageKey", organisation_id AS "organisationId"`,
        [userId, ACCOUNT_DELETED_REASON],
      );
      return rows;
    });
  }
}
