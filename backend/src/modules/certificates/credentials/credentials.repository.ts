import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CredentialCertificate } from './open-badge.js';

/** The certificate rows the credentials are made from, and the revoked status indexes. */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The certificate, if it is this person's (revoked or superseded ones too: the status list says so). */
  async ownedCertificate(userId: string, certificateId: string): Promise<CredentialCertificate | null> {
    const rows: CredentialCertificate[] = await this.db.query(
      `SELECT id, code, holder_name AS "holderName", course_title AS "courseTitle", course_slug AS "courseSlug",
              course_version AS "courseVersion", issuer_name AS "issuerName", issued_at AS "issuedAt",
              expires_at AS "expiresAt", status_index AS "statusIndex"
         FROM certificates WHERE id = $1 AND user_id = $2`,
      [certificateId, userId],
    );
    return rows[0] ?? null;
  }

  /** Status indexes in [first, last] whose certificate is revoked (uses uq_certificates_status_index). */
  async revokedStatusIndexes(first: number, last: number): Promise<number[]> {
    const rows: { statusIndex: number }[] = await this.db.query(
      `SELECT status_index AS "statusIndex" FROM certificates WHERE status_index BETWEEN $1 AND $2 AND revoked_at IS NOT NULL`,
      [first, last],
    );
    return rows.map((r) => r.statusIndex);
  }

  /** The highest status index given so far (null: none yet). */
  async highestStatusIndex(): Promise<number | null> {
    const rows: { max: number | null }[] = await this.db.query(`SELECT max(status_index) AS max FROM certificates`);
    return rows[0]?.max ?? null;
  }
}
