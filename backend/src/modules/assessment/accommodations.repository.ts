import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface AccommodationRow {
  userId: string;
  organisationId: string;
  extraTimePercent: number;
  note: string | null;
  updatedAt: Date;
}

const COLUMNS = `user_id AS "userId", organisation_id AS "organisationId", extra_time_percent AS "extraTimePercent", note, updated_at AS "updatedAt"`;

/** Learners' extra time, one row per (learner, organisation that set it). */
@Injectable()
export class AccommodationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async upsert(row: { userId: string; organisationId: string; extraTimePercent: number; note: string | null; setBy: string }): Promise<AccommodationRow> {
    const rows: AccommodationRow[] = await this.db.query(
      `INSERT INTO assessment_accommodations (user_id, organisation_id, extra_time_percent, note, set_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, organisation_id) WHERE organisation_id IS NOT NULL
       DO UPDATE SET extra_time_percent = EXCLUDED.extra_time_percent, note = EXCLUDED.note, set_by = EXCLUDED.set_by, updated_at = now()
       RETURNING ${COLUMNS}`,
      [row.userId, row.organisationId, row.extraTimePercent, row.note, row.setBy],
    );
    return rows[0]!;
  }

  async remove(userId: string, organisationId: string): Promise<boolean> {
    const [, count] = (await this.db.query(`DELETE FROM assessment_accommodations WHERE user_id = $1 AND organisation_id = $2`, [userId, organisationId])) as [
      unknown,
      number,
    ];
    return count > 0;
  }

  listForOrganisation(organisationId: string): Promise<AccommodationRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM assessment_accommodations WHERE organisation_id = $1 ORDER BY updated_at DESC, user_id LIMIT 1000`, [
      organisationId,
    ]);
  }
}
