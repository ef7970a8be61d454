import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A stored statement as read for serving: its JSON text (served as is) and its keyset position. */
export interface StoredStatementRow {
  id: string;
  /** `stored` in UTC with microseconds: the cursor's first element, exact to the column's precision. */
  storedKey: string;
  json: string;
}

/** Which statements, in xAPI's terms: stored after `since` (exclusive), up to `until` (inclusive). */
export interface StatementRange {
  since: string | null;
  until: string | null;
}

export type Keyset = { stored: string; id: string } | null;

const COLUMNS = `id, to_char(stored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "storedKey", statement::text AS json`;

/**
 * Reads of learning records. Every read is scoped: by the learner's own user id, or by one
 * organisation (its org admins' export); voided statements are never served. Order is the keyset
 * (stored, id), which the indexes (user_id, stored, id) and (organisation_id, stored, id) serve.
 */
@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page of a learner's own statements, `limit` rows from `after`; newest first unless `ascending`. */
  pageOfUser(userId: string, range: StatementRange, after: Keyset, limit: number, ascending: boolean): Promise<StoredStatementRow[]> {
    return this.page('user_id', userId, range, after, limit, ascending);
  }

  /** One batch of an organisation's statements, oldest first (exports read forwards). */
  pageOfOrganisation(organisationId: string, range: StatementRange, after: Keyset, limit: number): Promise<StoredStatementRow[]> {
    return this.page('organisation_id', organisationId, range, after, limit, true);
  }

  private page(
    column: 'user_id' | 'organisation_id',
    value: string,
    range: StatementRange,
    after: Keyset,
    limit: number,
    ascending: boolean,
  ): Promise<StoredStatementRow[]> {
    const params: unknown[] = [value, limit];
    const where = [`${column} = $1`, 'NOT voided'];
    if (range.since) where.push(`stored > $${params.push(range.since)}::timestamptz`);
    if (range.until) where.push(`stored <= $${params.push(range.until)}::timestamptz`);
    if (after) {
      const cmp = ascending ? '>' : '<';
      where.push(`(stored, id) ${cmp} ($${params.push(after.stored)}::timestamptz, $${params.push(after.id)}::uuid)`);
    }
    const dir = ascending ? 'ASC' : 'DESC';
    return this.db.query(`SELECT ${COLUMNS} FROM learning_statements WHERE ${where.join(' AND ')} ORDER BY stored ${dir}, id ${dir} LIMIT $2`, params);
  }

  /** Account deletion: the person's records go with them. */
  async deleteAllForUser(userId: string): Promise<number> {
    const result: unknown = await this.db.query(`DELETE FROM learning_statements WHERE user_id = $1`, [userId]);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
