import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthoredQuestionType, QuestionAnswerKey, QuestionDefinition } from './question-input.js';

export interface AuthoringModule {
  id: string;
  slug: string;
  title: string;
  origin: 'content' | 'authored';
  publicationSlug: string;
}

/** The parts of a question version an author writes (question_versions). */
export interface VersionContent {
  type: AuthoredQuestionType;
  prompt: string;
  definition: QuestionDefinition;
  answerKey: QuestionAnswerKey;
  generalFeedback: string | null;
  source: { publication: string; passage: string };
  contentHash: string;
}

export interface AuthoringQuestionRow extends VersionContent {
  id: string;
  moduleId: string;
  moduleOrigin: 'content' | 'authored';
  slug: string;
  origin: 'content' | 'authored';
  tags: string[];
  retiredAt: Date | null;
  updatedAt: Date;
  versionId: string;
  version: number;
  /** Attempt items given the current version: editing it then makes a new version. */
  attemptCount: number;
}

export interface QuestionSummaryRow {
  id: string;
  slug: string;
  origin: 'content' | 'authored';
  tags: string[];
  retiredAt: Date | null;
  type: AuthoredQuestionType;
  prompt: string;
  version: number;
  source: { publication: string; passage: string };
}

const QUESTION_COLUMNS = `
  q.id, q.module_id AS "moduleId", m.origin AS "moduleOrigin", q.slug, q.origin, q.tags, q.retired_at AS "retiredAt", q.updated_at AS "updatedAt",
  v.id AS "versionId", v.version, v.type, v.prompt, v.definition, v.answer_key AS "answerKey", nullif(v.general_feedback, '') AS "generalFeedback",
  v.source, v.content_hash AS "contentHash"`;

/** The at most this many questions per module (live and retired): the list is answered whole. */
export const MAX_QUESTIONS_PER_MODULE = 300;

/**
 * Question bank writes of the authoring API, on the assessment tables (questions,
 * question_versions). The importer's rows (origin 'content') are written by the content import.
 */
@Injectable()
export class QuestionAuthoringRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findModule(id: string): Promise<AuthoringModule | null> {
    const rows: AuthoringModule[] = await this.db.query(
      `SELECT m.id, m.slug, m.title, m.origin, p.slug AS "publicationSlug"
         FROM modules m JOIN publications p ON p.id = m.publication_id
        WHERE m.id = $1 AND m.retired_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  async publicationText(slug: string): Promise<string | null> {
    const rows: { sourceText: string }[] = await this.db.query(`SELECT source_text AS "sourceText" FROM publications WHERE slug = $1 AND retired_at IS NULL`, [
      slug,
    ]);
    return rows[0]?.sourceText ?? null;
  }

  listQuestions(moduleId: string): Promise<QuestionSummaryRow[]> {
    return this.db.query(
      `SELECT q.id, q.slug, q.origin, q.tags, q.retired_at AS "retiredAt", v.type, v.prompt, v.version, v.source
         FROM questions q JOIN question_versions v ON v.id = q.current_version_id
        WHERE q.module_id = $1
        ORDER BY q.retired_at IS NOT NULL, q.created_at, q.id
        LIMIT ${MAX_QUESTIONS_PER_MODULE}`,
      [moduleId],
    );
  }

  async findQuestion(id: string, tx?: EntityManager, lock = false): Promise<AuthoringQuestionRow | null> {
    const rows: AuthoringQuestionRow[] = await (tx ?? this.db).query(
      `SELECT ${QUESTION_COLUMNS},
              (SELECT count(*)::int FROM attempt_items ai WHERE ai.question_version_id = v.id) AS "attemptCount"
         FROM questions q
         JOIN question_versions v ON v.id = q.current_version_id
         JOIN modules m ON m.id = q.module_id
        WHERE q.id = $1 ${lock ? 'FOR UPDATE OF q' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Inserts version 1 of a new question, unless the slug is taken in the module or the module is full. */
  async insertQuestion(
    moduleId: string,
    slug: string,
    tags: string[],
    content: VersionContent,
  ): Promise<{ outcome: 'inserted'; id: string } | { outcome: 'taken' | 'full' }> {
    return this.db.transaction(async (tx) => {
      // Serialises creations in one module, so the cap holds.
      await tx.query(`SELECT id FROM modules WHERE id = $1 FOR UPDATE`, [moduleId]);
      const counted = (await tx.query(`SELECT count(*)::int AS count FROM questions WHERE module_id = $1`, [moduleId])) as { count: number }[];
      const count = counted[0]?.count ?? 0;
      if (count >= MAX_QUESTIONS_PER_MODULE) return { outcome: 'full' as const };
      const inserted: { id: string }[] = await tx.query(
        `INSERT INTO questions (module_id, slug, origin, tags) VALUES ($1, $2, 'authored', $3)
         ON CONFLICT DO NOTHING RETURNING id`,
        [moduleId, slug, tags],
      );
      const id = inserted[0]?.id;
      if (!id) return { outcome: 'taken' as const };
      const versionId = await this.insertVersion(tx, id, 1, content);
      await tx.query(`UPDATE questions SET current_version_id = $2 WHERE id = $1`, [id, versionId]);
      return { outcome: 'inserted' as const, id };
    });
  }

  private async insertVersion(tx: EntityManager, questionId: string, version: number, c: VersionContent): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO question_versions (question_id, version, type, prompt, definition, answer_key, general_feedback, source, content_hash)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb, $9) RETURNING id`,
      // general_feedback is '' when there is none (NOT NULL in the schema).
      [
        questionId,
        version,
        c.type,
        c.prompt,
        JSON.stringify(c.definition),
        JSON.stringify(c.answerKey),
        c.generalFeedback ?? '',
        JSON.stringify(c.source),
        c.contentHash,
      ],
    );
    return rows[0]!.id;
  }

  /**
   * Read-modify-write of an authored question in one transaction. The question row and its
   * current version are locked first: an attempt that draws the version concurrently inserts an
   * attempt item referencing it (its foreign key check takes a KEY SHARE lock on the version),
   * so either that attempt committed before and is counted here (a new version is made), or it
   * waits and then gets what this transaction wrote. `change` may throw to abort.
   * Answers null when the question does not exist, else whether a new version was made.
   */
  async updateQuestion(
    id: string,
    change: (current: AuthoringQuestionRow) => { tags: string[]; content: VersionContent } | null,
  ): Promise<{ newVersion: boolean; changed: boolean } | null> {
    return this.db.transaction(async (tx) => {
      const locked: { versionId: string }[] = await tx.query(
        `SELECT q.current_version_id AS "versionId" FROM questions q WHERE q.id = $1 AND q.origin = 'authored' FOR UPDATE`,
        [id],
      );
      if (!locked[0]) return null;
      await tx.query(`SELECT id FROM question_versions WHERE id = $1 FOR UPDATE`, [locked[0].versionId]);
      const current = await this.findQuestion(id, tx);
      if (!current) return null;
      const next = change(current);
      if (!next) return { newVersion: false, changed: false };
      const { tags, content } = next;
      const contentChanged = content.contentHash !== current.contentHash;
      let newVersion = false;
      if (contentChanged && current.attemptCount > 0) {
        const versionId = await this.insertVersion(tx, id, current.version + 1, content);
        await tx.query(`UPDATE questions SET current_version_id = $2 WHERE id = $1`, [id, versionId]);
        newVersion = true;
      } else if (contentChanged) {
        await tx.query(
          `UPDATE question_versions SET type = $2, prompt = $3, definition = $4::jsonb, answer_key = $5::jsonb, general_feedback = $6, source = $7::jsonb, content_hash = $8
            WHERE id = $1`,
          [
            current.versionId,
            content.type,
            content.prompt,
            JSON.stringify(content.definition),
            JSON.stringify(content.answerKey),
            content.generalFeedback ?? '',
            JSON.stringify(content.source),
            content.contentHash,
          ],
        );
      }
      await tx.query(`UPDATE questions SET tags = $2, updated_at = now() WHERE id = $1`, [id, tags]);
      return { newVersion, changed: true };
    });
  }

  /** Quizzes whose fixed slots hold the question (retiring it would leave them a hole). */
  quizzesHolding(questionId: string): Promise<{ id: string; title: string }[]> {
    return this.db.query(`SELECT DISTINCT z.id, z.title FROM quiz_slots s JOIN quizzes z ON z.id = s.quiz_id WHERE s.question_id = $1 ORDER BY z.title`, [
      questionId,
    ]);
  }

  async retireQuestion(id: string): Promise<boolean> {
    const rows: { id: string }[] = await this.db.query(
      `UPDATE questions SET retired_at = coalesce(retired_at, now()), updated_at = now() WHERE id = $1 AND origin = 'authored' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}
