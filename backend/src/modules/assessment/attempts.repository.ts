import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedStatement, queryPrepared } from '../../infra/database/prepared.js';
import { GradeChangeListener } from './grade-changes.js';
import type { AnswerKey, AnswerValue, AttemptStatus, ClosedBy, GradingMethod, QuestionDefinition, QuestionType, ReviewPolicy } from './assessment.types.js';
import { ATTEMPT_GRACE_MS, isOverdue } from './attempt-rules.js';
import { scoreAnswer } from './scoring.js';

export interface QuizRow {
  id: string;
  moduleId: string;
  courseId: string | null;
  title: string;
  passMark: number;
  maxAttempts: number | null;
  waitSeconds: number;
  timeLimitSeconds: number | null;
  gradingMethod: GradingMethod;
  reviewPolicy: ReviewPolicy;
  closesAt: Date | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  version: number;
}

export interface AttemptRow {
  id: string;
  quizId: string;
  userId: string;
  number: number;
  status: AttemptStatus;
  version: number;
  lastSaveHash: string | null;
  startedAt: Date;
  deadlineAt: Date | null;
  savedAt: Date | null;
  submittedAt: Date | null;
  closedBy: ClosedBy | null;
  score: number | null;
  maxScore: number;
  percent: number | null;
  passed: boolean | null;
}

export interface AttemptItemRow {
  id: string;
  position: number;
  questionVersionId: string;
  optionOrder: string[] | null;
  answer: AnswerValue | null;
  flagged: boolean;
  score: number | null;
  maxScore: number;
  type: QuestionType;
  prompt: string;
  definition: QuestionDefinition;
  answerKey: AnswerKey;
  generalFeedback: string;
}

export interface SlotRow {
  position: number;
  questionId: string | null;
  tag: string | null;
  drawCount: number | null;
  points: number;
}

/** A live question of a module with its current version: what an attempt can be given. */
export interface LiveQuestionRow {
  id: string;
  tags: string[];
  versionId: string;
  type: QuestionType;
  prompt: string;
  definition: QuestionDefinition;
  answerKey: AnswerKey;
  generalFeedback: string;
}

/** What starting an attempt reads, in one statement: the quiz's slots, its module's live questions, the learner's extra time. */
export interface StartInputs {
  slots: SlotRow[];
  questions: LiveQuestionRow[];
  extraTimePercent: number;
}

/** What the start's rules read of the learner's earlier attempts. */
export type StartAttempt = Pick<AttemptRow, 'id' | 'number' | 'status' | 'deadlineAt' | 'submittedAt'>;

export interface StartState {
  attempts: StartAttempt[];
  inputs: StartInputs;
}

export interface NewAttemptItem {
  questionVersionId: string;
  optionOrder: string[] | null;
  maxScore: number;
}

export const QUIZ_COLUMNS = `z.id, z.module_id AS "moduleId", z.course_id AS "courseId", z.title, z.pass_mark AS "passMark",
  z.max_attempts AS "maxAttempts", z.wait_seconds AS "waitSeconds", z.time_limit_seconds AS "timeLimitSeconds",
  z.grading_method AS "gradingMethod", z.review_policy AS "reviewPolicy", z.closes_at AS "closesAt",
  z.shuffle_questions AS "shuffleQuestions", z.shuffle_options AS "shuffleOptions", z.version`;

const ATTEMPT_COLUMNS = `a.id, a.quiz_id AS "quizId", a.user_id AS "userId", a.number, a.status, a.version, a.last_save_hash AS "lastSaveHash",
  a.started_at AS "startedAt", a.deadline_at AS "deadlineAt", a.saved_at AS "savedAt", a.submitted_at AS "submittedAt",
  a.closed_by AS "closedBy", a.score, a.max_score AS "maxScore", a.percent, a.passed`;

// The exam start's statements, prepared (planned once per connection): 2,000 learners may start within seconds.
const QUIZ_BY_ID = preparedStatement('assessment.quiz', `SELECT ${QUIZ_COLUMNS} FROM quizzes z WHERE z.id = $1`);
const ATTEMPTS_OF = preparedStatement(
  'assessment.attempts-of',
  `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a WHERE a.quiz_id = $1 AND a.user_id = $2 ORDER BY a.number`,
);
const START_INPUTS_SQL = `
     (SELECT coalesce(json_agg(json_build_object('position', s.position, 'questionId', s.question_id, 'tag', s.tag, 'drawCount', s.draw_count, 'points', s.points)
                               ORDER BY s.position), '[]'::json)
        FROM quiz_slots s WHERE s.quiz_id = $1) AS slots,
     (SELECT coalesce(json_agg(json_build_object('id', q.id, 'tags', q.tags, 'versionId', v.id, 'type', v.type, 'prompt', v.prompt,
                                                 'definition', v.definition, 'answerKey', v.answer_key, 'generalFeedback', v.general_feedback)
                               ORDER BY q.slug), '[]'::json)
        FROM questions q JOIN question_versions v ON v.id = q.current_version_id
       WHERE q.module_id = $2 AND q.retired_at IS NULL) AS questions,
     (SELECT coalesce(max(extra_time_percent), 0)::int FROM assessment_accommodations WHERE user_id = $3) AS "extraTimePercent"`;
/** After the learner's lock: their attempts of the quiz and what a new attempt is drawn from, in one round trip. */
const START_STATE = preparedStatement(
  'assessment.start-state',
  `SELECT
     (SELECT coalesce(json_agg(json_build_object('id', a.id, 'number', a.number, 'status', a.status, 'deadlineAt', a.deadline_at, 'submittedAt', a.submitted_at)
                               ORDER BY a.number), '[]'::json)
        FROM quiz_attempts a WHERE a.quiz_id = $1 AND a.user_id = $3) AS attempts,
     ${START_INPUTS_SQL}`,
);
/** The attempt and its items in one statement (the items reference the attempt inserted by the CTE). */
const INSERT_ATTEMPT = preparedStatement(
  'assessment.insert-attempt',
  `WITH a AS (
     INSERT INTO quiz_attempts (quiz_id, user_id, number, started_at, deadline_at, max_score) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
   )
   INSERT INTO attempt_items (attempt_id, position, question_version_id, option_order, max_score)
   SELECT a.id, i.position, i.version_id, i.option_order, i.max_score
     FROM a, unnest($7::int[], $8::uuid[], $9::jsonb[], $10::float8[]) AS i(position, version_id, option_order, max_score)
   RETURNING attempt_id AS "attemptId", id, position`,
);

/** Rounded to 4 decimal places, so 1/3 + 1/3 + 1/3 sums to 1 and stored scores compare equal. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** An attempt's queries inside one transaction: the service holds the rules, this the SQL. */
export class AttemptsTx {
  constructor(
    readonly m: EntityManager,
    /** Told of every graded attempt, in this transaction (completion, issue 10). */
    private readonly gradeChanges?: GradeChangeListener,
  ) {}

  /** The attempt row, locked until the transaction ends. */
  /**
   * Locks the earliest attempt still in progress whose deadline passed before `lapsedBefore` (the
   * grace already taken off), skipping rows another process holds: sweeps in several processes
   * take different attempts.
   */
  async lockNextLapsed(lapsedBefore: Date): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await this.m.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a
        WHERE a.status = 'in_progress' AND a.deadline_at IS NOT NULL AND a.deadline_at < $1
        ORDER BY a.deadline_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [lapsedBefore],
    );
    return rows[0] ?? null;
  }

  async lockAttempt(id: string): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await this.m.query(`SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a WHERE a.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  attemptsOf(quizId: string, userId: string): Promise<AttemptRow[]> {
    return queryPrepared<AttemptRow>(this.m, ATTEMPTS_OF, [quizId, userId]);
  }

  slotsOf(quizId: string): Promise<SlotRow[]> {
    return this.m.query(
      `SELECT position, question_id AS "questionId", tag, draw_count AS "drawCount", points FROM quiz_slots WHERE quiz_id = $1 ORDER BY position`,
      [quizId],
    );
  }

  liveQuestionsOfModule(moduleId: string): Promise<LiveQuestionRow[]> {
    return this.m.query(
      `SELECT q.id, q.tags, v.id AS "versionId", v.type, v.prompt, v.definition, v.answer_key AS "answerKey", v.general_feedback AS "generalFeedback"
         FROM questions q JOIN question_versions v ON v.id = q.current_version_id
        WHERE q.module_id = $1 AND q.retired_at IS NULL
        ORDER BY q.slug`,
      [moduleId],
    );
  }

  /**
   * What starting an attempt reads once the learner's lock is held, in one round trip: their
   * attempts of the quiz (what the rules need of them), the quiz's slots, its module's live questions
   * and the learner's extra time.
   */
  async startState(quizId: string, moduleId: string, userId: string): Promise<StartState> {
    const [row] = await queryPrepared<
      StartInputs & { attempts: (Omit<StartAttempt, 'deadlineAt' | 'submittedAt'> & { deadlineAt: string | null; submittedAt: string | null })[] }
    >(this.m, START_STATE, [quizId, moduleId, userId]);
    const { attempts, ...inputs } = row!;
    return {
      attempts: attempts.map((a) => ({
        ...a,
        deadlineAt: a.deadlineAt === null ? null : new Date(a.deadlineAt),
        submittedAt: a.submittedAt === null ? null : new Date(a.submittedAt),
      })),
      inputs,
    };
  }

  /** The learner's largest extra time, in percent of a time limit (0 without an accommodation). */
  async extraTimePercent(userId: string): Promise<number> {
    const [row] = (await this.m.query(`SELECT coalesce(max(extra_time_percent), 0)::int AS p FROM assessment_accommodations WHERE user_id = $1`, [userId])) as {
      p: number;
    }[];
    return row?.p ?? 0;
  }

  /** Inserts the attempt and its items; answers the attempt's id and the items' ids in position order. */
  async createAttempt(
    attempt: { quizId: string; userId: string; number: number; startedAt: Date; deadlineAt: Date | null },
    items: NewAttemptItem[],
  ): Promise<{ id: string; itemIds: string[] }> {
    const maxScore = items.reduce((sum, i) => sum + i.maxScore, 0);
    const inserted = await queryPrepared<{ attemptId: string; id: string; position: number }>(this.m, INSERT_ATTEMPT, [
      attempt.quizId,
      attempt.userId,
      attempt.number,
      attempt.startedAt,
      attempt.deadlineAt,
      maxScore,
      items.map((_, i) => i + 1),
      items.map((i) => i.questionVersionId),
      items.map((i) => (i.optionOrder ? JSON.stringify(i.optionOrder) : null)),
      items.map((i) => i.maxScore),
    ]);
    const id = inserted[0]?.attemptId;
    if (!id) throw new Error('an attempt needs at least one item');
    const itemIds = inserted.sort((a, b) => a.position - b.position).map((i) => i.id);
    return { id, itemIds };
  }

  itemsOf(attemptId: string): Promise<AttemptItemRow[]> {
    return this.m.query(
      `SELECT ai.id, ai.position, ai.question_version_id AS "questionVersionId", ai.option_order AS "optionOrder", ai.answer, ai.flagged,
              ai.score, ai.max_score AS "maxScore", v.type, v.prompt, v.definition, v.answer_key AS "answerKey", v.general_feedback AS "generalFeedback"
         FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id
        WHERE ai.attempt_id = $1 ORDER BY ai.position`,
      [attemptId],
    );
  }

  /** Writes the answers and flags given (only those), bumps the attempt's version and remembers the request. */
  async saveAnswers(
    attemptId: string,
    answers: { itemId: string; answer: AnswerValue | null }[],
    flags: { itemId: string; flagged: boolean }[],
    saveHash: string,
  ): Promise<{ version: number; savedAt: Date }> {
    if (answers.length) {
      await this.m.query(
        `UPDATE attempt_items ai SET answer = s.answer FROM unnest($2::uuid[], $3::jsonb[]) AS s(id, answer) WHERE ai.id = s.id AND ai.attempt_id = $1`,
        [attemptId, answers.map((a) => a.itemId), answers.map((a) => (a.answer === null ? null : JSON.stringify(a.answer)))],
      );
    }
    if (flags.length) {
      await this.m.query(
        `UPDATE attempt_items ai SET flagged = s.flagged FROM unnest($2::uuid[], $3::boolean[]) AS s(id, flagged) WHERE ai.id = s.id AND ai.attempt_id = $1`,
        [attemptId, flags.map((f) => f.itemId), flags.map((f) => f.flagged)],
      );
    }
    const [row] = (await this.m.query(
      `UPDATE quiz_attempts SET version = version + 1, last_save_hash = $2, saved_at = now() WHERE id = $1 RETURNING version, saved_at AS "savedAt"`,
      [attemptId, saveHash],
    )) as [{ version: number; savedAt: Date }[], number];
    return row[0]!;
  }

  /**
   * Grades an attempt that this transaction has locked and found in progress: scores every item
   * from its saved answer, then marks the attempt submitted with its totals.
   */
  async grade(attemptId: string, closedBy: ClosedBy): Promise<void> {
    const items = await this.itemsOf(attemptId);
    const scores = items.map((i) => round(scoreAnswer(i.type, i.definition, i.answerKey, i.answer) * i.maxScore));
    if (items.length) {
      await this.m.query(`UPDATE attempt_items ai SET score = s.score FROM unnest($1::uuid[], $2::float8[]) AS s(id, score) WHERE ai.id = s.id`, [
        items.map((i) => i.id),
        scores,
      ]);
    }
    const score = round(scores.reduce((a, b) => a + b, 0));
    await this.m.query(
      `UPDATE quiz_attempts a
          SET status = 'submitted', submitted_at = now(), closed_by = $2, score = $3::float8,
              percent = CASE WHEN a.max_score > 0 THEN round((100 * $3::float8 / a.max_score)::numeric, 2)::float8 ELSE 0 END,
              passed = (CASE WHEN a.max_score > 0 THEN 100 * $3::float8 / a.max_score ELSE 0 END) >= z.pass_mark,
              version = a.version + 1
         FROM quizzes z
        WHERE a.id = $1 AND z.id = a.quiz_id`,
      [attemptId, closedBy, score],
    );
    await this.gradeChanges?.attemptGraded(this.m, attemptId);
  }
}

/** Attempts, their items and their quizzes. */
@Injectable()
export class AttemptsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly gradeChanges: GradeChangeListener,
  ) {}

  transaction<T>(work: (tx: AttemptsTx) => Promise<T>): Promise<T> {
    return this.db.transaction((m) => work(new AttemptsTx(m, this.gradeChanges)));
  }

  /** Reads outside a transaction (the same queries). */
  get read(): AttemptsTx {
    return new AttemptsTx(this.db.manager);
  }

  async findQuiz(id: string): Promise<QuizRow | null> {
    const rows = await queryPrepared<QuizRow>(this.db, QUIZ_BY_ID, [id]);
    return rows[0] ?? null;
  }

  async findAttempt(id: string): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await this.db.query(`SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Closes and grades the attempt if it is still in progress and past its deadline and grace.
   * Answers whether it did. Safe to run twice or concurrently with a submit: the row lock makes
   * one of them grade, and the other sees it submitted.
   */
  closeIfOverdue(attemptId: string, now: Date = new Date()): Promise<boolean> {
    return this.transaction(async (tx) => {
      const row = await tx.lockAttempt(attemptId);
      if (!row || row.status !== 'in_progress' || !isOverdue(row.deadlineAt, now)) return false;
      await tx.grade(attemptId, 'time_limit');
      return true;
    });
  }

  /** Grades the earliest lapsed attempt no other process is grading; answers its id, or null when none is left. */
  closeNextLapsed(now: Date = new Date()): Promise<string | null> {
    return this.transaction(async (tx) => {
      const row = await tx.lockNextLapsed(new Date(now.getTime() - ATTEMPT_GRACE_MS));
      if (!row || !isOverdue(row.deadlineAt, now)) return null;
      await tx.grade(row.id, 'time_limit');
      return row.id;
    });
  }
}
