import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { toStatement, type LearningEvent, type StatementRow } from './statements.mapping.js';

/**
 * The writer of learning records. Every learning event is recorded through `record`, inside the
 * caller's transaction, so the record and the change it describes commit together or not at all.
 */
@Injectable()
export class LearningStatements {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Stores the event's statement with `tx` (the caller's transaction). An event carrying a
   * `statementId` that is already stored is a no-op (`recorded: false`), so writers that may repeat
   * an event derive the id from its business key. Throws RangeError on an impossible result (a
   * scaled score outside [-1, 1], raw outside min-max, a negative duration): a caller's bug.
   */
  async record(tx: EntityManager, event: LearningEvent): Promise<{ id: string; recorded: boolean }> {
    const row = toStatement(event, { baseUrl: this.config.http.publicOrigin, id: event.statementId ?? randomUUID(), stored: new Date() });
    const inserted = await insertStatement(tx, row);
    return { id: row.id, recorded: inserted };
  }
}

/** One INSERT; ON CONFLICT on the statement id keeps a repeated event from being stored twice. */
export async function insertStatement(tx: EntityManager, row: StatementRow): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO learning_statements
       (id, user_id, organisation_id, course_id, course_version_id, registration, verb_id, object_id, "timestamp", stored, statement)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     ON CONFLICT ON CONSTRAINT pk_learning_statements DO NOTHING
     RETURNING id`,
    [
      row.id,
      row.userId,
      row.organisationId,
      row.courseId,
      row.courseVersionId,
      row.registration,
      row.verbId,
      row.objectId,
      row.timestamp,
      row.stored,
      JSON.stringify(row.statement),
    ],
  );
  return rows.length > 0;
}
