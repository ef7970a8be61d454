import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LearnerSet } from './learner-set.js';
import { TOP_FREE_ANSWERS } from './item-statistics.js';
import type { QuestionAnswerKey, QuestionDefinition } from './question-input.js';

/** At most this many learners' attempts are analysed (the most recent first attempts): the work is bounded. */
export const MAX_ANALYSED_ATTEMPTS = 5000;

export interface AnalysisQuiz {
  id: string;
  title: string;
  courseOrganisationId: string | null;
}

export interface AnalysisItemRow {
  attemptId: string;
  questionId: string;
  type: string;
  score: number | null;
  maxScore: number;
  answer: unknown;
}

export interface AnalysisQuestionRow {
  id: string;
  slug: string;
  type: string;
  prompt: string;
  definition: QuestionDefinition;
  answerKey: QuestionAnswerKey;
  source: { publication: string; passage: string };
}

/** A question's figures over a learner set, computed in SQL (item-statistics.ts defines them). */
export interface SetQuestionFigures {
  questionId: string;
  type: string;
  responses: number;
  unanswered: number;
  facility: number | null;
  discrimination: number | null;
  upperFacility: number | null;
  /** Most chosen first; free answers (numeric, short text): the TOP_FREE_ANSWERS most common. */
  options: { key: string; count: number }[];
}

/**
 * The keys an answer counts towards, as an array, in item-statistics.ts `chosenKeys`'s order of
 * shapes (empty: unanswered); `r.answer` is the item's answer. One expression per row rather than
 * a set-returning subquery of unions: the planner's estimate of the latter (hundreds of rows per
 * answer) made the query look expensive enough to be JIT-compiled, which cost more than the query.
 */
const CHOSEN_KEYS_SQL = `
  CASE
    WHEN jsonb_typeof(r.answer->'optionId') = 'string' THEN ARRAY[r.answer->>'optionId']
    WHEN jsonb_typeof(r.answer->'optionIds') = 'array' THEN ARRAY(SELECT DISTINCT e FROM jsonb_array_elements_text(r.answer->'optionIds') e)
    WHEN jsonb_typeof(r.answer->'pairs') = 'object' THEN ARRAY(SELECT p.key || '→' || (p.value #>> '{}') FROM jsonb_each(r.answer->'pairs') p)
    WHEN jsonb_typeof(r.answer->'order') = 'array'
      THEN ARRAY(SELECT o.item || '@' || o.n FROM jsonb_array_elements_text(r.answer->'order') WITH ORDINALITY o(item, n))
    WHEN jsonb_typeof(r.answer->'text') = 'string'
      THEN ARRAY[lower(regexp_replace(regexp_replace(normalize(r.answer->>'text', NFKC), '^\\s+|\\s+$', '', 'g'), '\\s+', ' ', 'g'))]
    WHEN jsonb_typeof(r.answer->'value') IN ('boolean', 'number') THEN ARRAY[r.answer->>'value']
    ELSE '{}'::text[]
  END`;

@Injectable()
export class ItemAnalysisRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findQuiz(id: string): Promise<AnalysisQuiz | null> {
    const rows: AnalysisQuiz[] = await this.db.query(
      `SELECT z.id, z.title, c.organisation_id AS "courseOrganisationId" FROM quizzes z LEFT JOIN courses c ON c.id = z.course_id WHERE z.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Each learner's first submitted attempt of the quiz (a later attempt is practised on the
   * review, so it measures the question less well), limited to members of the organisation when
   * given; the items of those attempts.
   */
  async items(quizId: string, organisationId: string | null): Promise<{ rows: AnalysisItemRow[]; attempts: number; truncated: boolean }> {
    const attempts: { id: string }[] = await this.db.query(
      `SELECT id FROM (
         SELECT DISTINCT ON (a.user_id) a.id, a.submitted_at
           FROM quiz_attempts a
          WHERE a.quiz_id = $1 AND a.status = 'submitted'
            AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = a.user_id AND ms.organisation_id = $2))
          ORDER BY a.user_id, a.number
       ) firsts ORDER BY submitted_at DESC, id LIMIT ${MAX_ANALYSED_ATTEMPTS + 1}`,
      [quizId, organisationId],
    );
    const truncated = attempts.length > MAX_ANALYSED_ATTEMPTS;
    const ids = attempts.slice(0, MAX_ANALYSED_ATTEMPTS).map((a) => a.id);
    if (ids.length === 0) return { rows: [], attempts: 0, truncated };
    const rows: AnalysisItemRow[] = await this.db.query(
      `SELECT ai.attempt_id AS "attemptId", v.question_id AS "questionId", v.type, ai.score::float8 AS score, ai.max_score::float8 AS "maxScore", ai.answer
         FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id
        WHERE ai.attempt_id = ANY($1::uuid[]) ORDER BY ai.attempt_id, ai.position`,
      [ids],
    );
    return { rows, attempts: ids.length, truncated };
  }

  questions(ids: string[]): Promise<AnalysisQuestionRow[]> {
    return this.db.query(
      `SELECT q.id, q.slug, v.type, v.prompt, v.definition, v.answer_key AS "answerKey", v.source
         FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE q.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The quiz if it is one of these courses': a tailored course's own, or the own quiz of a module of a course's current version. */
  async quizOfCourses(quizId: string, courseIds: string[]): Promise<AnalysisQuiz | null> {
    if (courseIds.length === 0) return null;
    const rows: AnalysisQuiz[] = await this.db.query(
      `SELECT z.id, z.title, c.organisation_id AS "courseOrganisationId"
         FROM quizzes z LEFT JOIN courses c ON c.id = z.course_id
        WHERE z.id = $1
          AND (z.course_id = ANY($2::uuid[])
               OR (z.course_id IS NULL AND EXISTS (
                     SELECT 1 FROM courses c2 JOIN course_modules cm ON cm.course_version_id = c2.current_version_id
                      WHERE c2.id = ANY($2::uuid[]) AND cm.module_id = z.module_id)))`,
      [quizId, courseIds],
    );
    return rows[0] ?? null;
  }

  /** How many learners of the set have submitted the quiz (distinct people). */
  async setLearners(quizId: string, learners: LearnerSet): Promise<number> {
    const params: unknown[] = [quizId];
    const bind = (v: unknown) => (params.push(v), `$${params.length}`);
    const [row] = (await this.db.query(
      `SELECT count(DISTINCT a.user_id)::int AS n FROM quiz_attempts a
        WHERE a.quiz_id = $1 AND a.status = 'submitted' AND a.user_id IN (${learners.sql(bind)})`,
      params,
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /**
   * The item analysis of the set's learners' first submitted attempts, aggregated in the database
   * (one row per question, whatever the number of learners): facility, the corrected item-total
   * correlation (corr), the strongest 27% by the rest of the attempt (ties: the most recent
   * attempt first, as items() orders them), unanswered and option counts. The same definitions
   * as item-statistics.ts; backend/test/cohort-item-analysis.test.ts checks the two agree.
   */
  async setFigures(quizId: string, learners: LearnerSet): Promise<SetQuestionFigures[]> {
    const params: unknown[] = [quizId];
    const bind = (v: unknown) => (params.push(v), `$${params.length}`);
    // JIT compiling this query (its estimated cost passes jit_above_cost at a few thousand
    // learners) took 2.5 s of a 5 s run on 10,000 members; executed plainly it takes a fraction.
    return this.db.transaction(async (m) => {
      await m.query('SET LOCAL jit = off');
      // The sorts of ~10 rows per learner (the strongest 27%, the windows) fit in memory at 10,000 learners.
      await m.query(`SET LOCAL work_mem = '32MB'`);
      return m.query(
        `WITH firsts AS MATERIALIZED (
         SELECT DISTINCT ON (a.user_id) a.id, a.submitted_at
           FROM quiz_attempts a
          WHERE a.quiz_id = $1 AND a.status = 'submitted' AND a.user_id IN (${learners.sql(bind)})
          ORDER BY a.user_id, a.number
       ),
       i AS (
         SELECT ai.attempt_id, f.submitted_at, ai.position, v.question_id, v.type, ai.score::float8 AS s, ai.max_score::float8 AS m, ai.answer
           FROM firsts f JOIN attempt_items ai ON ai.attempt_id = f.id JOIN question_versions v ON v.id = ai.question_version_id
          WHERE ai.score IS NOT NULL AND ai.max_score > 0
       ),
       r AS MATERIALIZED (
         SELECT r.attempt_id, r.submitted_at, r.position, r.question_id, r.type, r.s / r.m AS frac,
                CASE WHEN sum(r.m) OVER w - r.m > 0 THEN (sum(r.s) OVER w - r.s) / (sum(r.m) OVER w - r.m) END AS rest,
                ${CHOSEN_KEYS_SQL} AS keys
           FROM i r
         WINDOW w AS (PARTITION BY r.attempt_id)
       ),
       ranked AS (
         SELECT r.question_id, r.frac,
                row_number() OVER (PARTITION BY r.question_id ORDER BY r.rest DESC, r.submitted_at DESC, r.attempt_id) AS rn,
                count(*) OVER (PARTITION BY r.question_id) AS n
           FROM r WHERE r.rest IS NOT NULL
       ),
       up AS (
         SELECT question_id, avg(frac) AS upper_facility FROM ranked WHERE rn <= greatest(1, round(n * 0.27)) GROUP BY question_id
       ),
       q AS (
         SELECT r.question_id, min(r.type) AS type, count(*)::int AS responses, count(*) FILTER (WHERE cardinality(r.keys) = 0)::int AS unanswered,
                min(r.position) AS first_position, avg(r.frac) AS facility,
                CASE WHEN count(r.rest) >= 2 AND var_pop(r.frac) FILTER (WHERE r.rest IS NOT NULL) > 1e-12 AND var_pop(r.rest) > 1e-12
                     THEN corr(r.frac, r.rest) END AS discrimination
           FROM r GROUP BY r.question_id
       ),
       opts AS (
         SELECT r.question_id, k.key, count(*)::int AS count,
                row_number() OVER (PARTITION BY r.question_id ORDER BY count(*) DESC, k.key COLLATE "C") AS rn
           FROM r CROSS JOIN LATERAL unnest(r.keys) k(key) GROUP BY r.question_id, k.key
       ),
       og AS (
         SELECT o.question_id,
                json_agg(json_build_object('key', o.key, 'count', o.count) ORDER BY o.rn)
                  FILTER (WHERE o.rn <= ${TOP_FREE_ANSWERS} OR q.type NOT IN ('numeric', 'short_text')) AS options
           FROM opts o JOIN q ON q.question_id = o.question_id GROUP BY o.question_id
       )
       SELECT q.question_id AS "questionId", q.type, q.responses, q.unanswered, q.facility, q.discrimination,
              up.upper_facility AS "upperFacility", coalesce(og.options, '[]') AS options
         FROM q LEFT JOIN up ON up.question_id = q.question_id LEFT JOIN og ON og.question_id = q.question_id
        ORDER BY q.first_position, q.question_id`,
        params,
      );
    });
  }
}
