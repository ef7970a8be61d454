import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EnquiryStatus } from './enquiry.entity.js';

export interface EnquiryRow {
  id: string;
  organisation: string;
  contactName: string;
  email: string;
  needs: string;
  staffCount: number;
  preferredTiming: string | null;
  status: EnquiryStatus;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, organisation, contact_name AS "contactName", email, needs, staff_count AS "staffCount",
  preferred_timing AS "preferredTiming", status, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class EnquiriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(e: Pick<EnquiryRow, 'organisation' | 'contactName' | 'email' | 'needs' | 'staffCount' | 'preferredTiming'>): Promise<EnquiryRow> {
    const rows: EnquiryRow[] = await this.db.query(
      `INSERT INTO enquiries (organisation, contact_name, email, needs, staff_count, preferred_timing)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [e.organisation, e.contactName, e.email, e.needs, e.staffCount, e.preferredTiming],
    );
    return rows[0]!;
  }

  /** Newest first; keyset on (created_at, id); limit + 1 rows. */
  list(status: EnquiryStatus | undefined, after: { createdAt: string; id: string } | null, limit: number): Promise<EnquiryRow[]> {
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    if (status) where.push(`status = $${params.push(status)}`);
    if (after) where.push(`(created_at, id) < ($${params.push(after.createdAt)}::timestamptz, $${params.push(after.id)}::uuid)`);
    return this.db.query(
      `SELECT ${COLUMNS} FROM enquiries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
  }

  async setStatus(id: string, status: EnquiryStatus): Promise<EnquiryRow | null> {
    // UPDATE ... RETURNING answers [rows, affectedCount] through TypeORM's postgres driver.
    const [rows] = (await this.db.query(`UPDATE enquiries SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id, status])) as [
      EnquiryRow[],
      number,
    ];
    return rows[0] ?? null;
  }
}
