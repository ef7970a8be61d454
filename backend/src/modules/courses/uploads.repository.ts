import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Whose allowance an upload counts against: an organisation's, or (null) the platform's. */
export type StorageOwner = string | null;

export interface StorageUsageRow {
  usedBytes: number;
  fileCount: number;
}

export interface NewUpload {
  fileName: string;
  organisationId: StorageOwner;
  uploadedBy: string;
  sizeBytes: number;
  contentType: string;
}

/** The first key of the two-key advisory locks that serialise quota checks, one lock per owner. */
const QUOTA_LOCK_CLASS = 7011;

/** The rows of one owner (the platform's: those without an organisation), as a condition that can use idx_uploads_organisation_id. */
function ownedBy(owner: StorageOwner): { where: string; params: unknown[] } {
  return owner === null ? { where: 'organisation_id IS NULL', params: [] } : { where: 'organisation_id = $1', params: [owner] };
}

/** The uploads table: usage per owner, and reservations that cannot overshoot a quota. */
@Injectable()
export class UploadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async organisationExists(organisationId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId]);
    return rows.length > 0;
  }

  async usage(owner: StorageOwner): Promise<StorageUsageRow> {
    const { where, params } = ownedBy(owner);
    const [row] = (await this.db.query(
      `SELECT coalesce(sum(size_bytes), 0)::bigint AS "usedBytes", count(*)::int AS "fileCount" FROM uploads WHERE ${where}`,
      params,
    )) as { usedBytes: string; fileCount: number }[];
    return { usedBytes: Number(row?.usedBytes ?? 0), fileCount: row?.fileCount ?? 0 };
  }

  /**
   * Records the upload if it fits in the owner's quota, atomically: the owner's advisory lock is
   * held while its usage is summed and the row inserted, so parallel uploads are counted one
   * after another and never overshoot together. Answers the usage before this upload and
   * whether it was recorded.
   */
  async reserve(upload: NewUpload, quotaBytes: number): Promise<{ recorded: boolean; usedBytes: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(coalesce($2::text, 'platform')))`, [QUOTA_LOCK_CLASS, upload.organisationId]);
      const { where, params } = ownedBy(upload.organisationId);
      const [row] = (await tx.query(`SELECT coalesce(sum(size_bytes), 0)::bigint AS "usedBytes" FROM uploads WHERE ${where}`, params)) as {
        usedBytes: string;
      }[];
      const usedBytes = Number(row?.usedBytes ?? 0);
      if (usedBytes + upload.sizeBytes > quotaBytes) return { recorded: false, usedBytes };
      await tx.query(`INSERT INTO uploads (file_name, organisation_id, uploaded_by, size_bytes, content_type) VALUES ($1, $2, $3, $4, $5)`, [
        upload.fileName,
        upload.organisationId,
        upload.uploadedBy,
        upload.sizeBytes,
        upload.contentType,
      ]);
      return { recorded: true, usedBytes };
    });
  }

  /** Gives the space back (the file could not be stored). */
  async release(fileName: string): Promise<void> {
    await this.db.query(`DELETE FROM uploads WHERE file_name = $1`, [fileName]);
  }
}
