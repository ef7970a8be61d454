import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { CoursesService } from '../courses/index.js';
import { AssessmentErrors } from './assessment.errors.js';
import type { AttemptItemViewDto, AttemptViewDto, QuizViewDto, SaveAnswersDto, SaveAnswersResponseDto } from './assessment.dto.js';
import type { Choice, QuestionDefinition } from './assessment.types.js';
import { answerProblems, normaliseAnswer } from './answer-validation.js';
import { deadlineFor, isOverdue } from './attempt-rules.js';
import {
  AttemptsRepository,
  type AttemptItemRow,
  type AttemptRow,
  type AttemptsTx,
  type LiveQuestionRow,
  type NewAttemptItem,
  type QuizRow,
} from './attempts.repository.js';
import { correctAnswerOf, overallPercent, pickedOptionFeedback, shownNow } from './review.js';
import { shuffled, shuffledNotInOrder } from './shuffle.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Options (or items, choices) in the order an attempt stored, falling back to the definition's order for any not listed. */
function inOrder(list: Choice[] | undefined, order: string[] | null): Choice[] | undefined {
  if (!list) return undefined;
  if (!order) return list;
  const byId = new Map(list.map((c) => [c.id, c]));
  const ordered = order.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return [...ordered, ...list.filter((c) => !order.includes(c.id))];
}

/** What an attempt shows of a question: the public definition only, never the key. */
function publicItem(item: AttemptItemRow): AttemptItemViewDto {
  const d: QuestionDefinition = item.definition;
  const view: AttemptItemViewDto = { id: item.id, position: item.position, type: item.type, prompt: item.prompt, answer: item.answer, flagged: item.flagged };
  switch (item.type) {
    case 'single':
    case 'multiple':
      view.options = inOrder(d.options, item.optionOrder)!.map(({ id, text }) => ({ id, text }));
      break;
    case 'matching':
      view.items = (d.items ?? []).map(({ id, text }) => ({ id, text }));
      view.choices = inOrder(d.choices, item.optionOrder)!.map(({ id, text }) => ({ id, text }));
      break;
    case 'ordering':
      view.items = inOrder(d.items, item.optionOrder)!.map(({ id, text }) => ({ id, text }));
      break;
    case 'numeric':
      view.unit = d.unit ?? null;
      break;
    case 'true_false':
    case 'short_text':
      break;
  }
  return view;
}

/**
 * Attempts: start, save, submit, read (docs/assessment.md). Every rule about time, attempts and
 * what a learner may see lives here; the SQL in AttemptsRepository. A learner only ever reaches
 * their own attempts (another's is answered 404, like one that does not exist).
 */
@Injectable()
export class AttemptsService {
  constructor(
    private readonly attempts: AttemptsRepository,
    private readonly courses: CoursesService,
  ) {}

  /** The quiz, if the caller may take it: through a published course they may read whose module it is (and, for a course's own quiz, that course). */
  private async quizFor(actor: Actor, quizId: string): Promise<QuizRow> {
    const quiz = await this.attempts.findQuiz(quizId);
    if (!quiz) throw DomainError.notFound('Quiz');
    const courseIds = await this.courses.readableCoursesOfModule(actor, quiz.moduleId);
    const allowed = quiz.courseId === null ? courseIds.length > 0 : courseIds.includes(quiz.courseId);
    if (!allowed) throw DomainError.notFound('Quiz');
    return quiz;
  }

  /** Closes, on what was saved, an attempt past its deadline and grace that its job has not closed yet. */
  private async closeLapsed(attempt: AttemptRow | null | undefined, now = new Date()): Promise<boolean> {
    if (!attempt || attempt.status !== 'in_progress' || !isOverdue(attempt.deadlineAt, now)) return false;
    return this.attempts.closeIfOverdue(attempt.id, now);
  }

  async getQuiz(actor: Actor, quizId: string): Promise<QuizViewDto> {
    const quiz = await this.quizFor(actor, quizId);
    let attempts = await this.attempts.read.attemptsOf(quiz.id, actor.userId);
    if (await this.closeLapsed(attempts.find((a) => a.status === 'in_progress'))) attempts = await this.attempts.read.attemptsOf(quiz.id, actor.userId);
    const now = new Date();
    const [slots, pool, extraPercent] = await Promise.all([
      this.attempts.read.slotsOf(quiz.id),
      this.attempts.read.liveQuestionsOfModule(quiz.moduleId),
      this.attempts.read.extraTimePercent(actor.userId),
    ]);
    const submitted = attempts.filter((a) => a.status === 'submitted');
    const shown = shownNow(quiz.reviewPolicy, true, quiz.closesAt, now);
    const percent = overallPercent(
      quiz.gradingMethod,
      submitted.map((a) => ({ number: a.number, percent: a.percent ?? 0 })),
    );
    const next = this.nextAttemptAt(quiz, attempts);
    return {
      id: quiz.id,
      moduleId: quiz.moduleId,
      title: quiz.title,
      questionCount: this.draw(slots, pool, () => 0).length,
      passMark: quiz.passMark,
      maxAttempts: quiz.maxAttempts,
      attemptsUsed: attempts.length,
      attemptsLeft: quiz.maxAttempts === null ? null : Math.max(0, quiz.maxAttempts - attempts.length),
      waitSeconds: quiz.waitSeconds,
      nextAttemptAt: next && next > now ? next.toISOString() : null,
      timeLimitSeconds: quiz.timeLimitSeconds,
      extraTimeSeconds: quiz.timeLimitSeconds === null ? 0 : Math.ceil((quiz.timeLimitSeconds * extraPercent) / 100),
      gradingMethod: quiz.gradingMethod,
      reviewPolicy: quiz.reviewPolicy,
      closesAt: iso(quiz.closesAt),
      inProgressAttemptId: attempts.find((a) => a.status === 'in_progress')?.id ?? null,
      grade: percent !== null && shown.score ? { percent, passed: percent >= quiz.passMark } : null,
      attempts: attempts.map((a) => ({
        id: a.id,
        number: a.number,
        status: a.status,
        startedAt: a.startedAt.toISOString(),
        submittedAt: iso(a.submittedAt),
        percent: a.status === 'submitted' && shown.score ? a.percent : null,
        passed: a.status === 'submitted' && shown.score ? a.passed : null,
      })),
    };
  }

  /** The end of the wait after the learner's last finished attempt; null when there is no wait. */
  private nextAttemptAt(quiz: QuizRow, attempts: Pick<AttemptRow, 'submittedAt'>[]): Date | null {
    const last = attempts.filter((a) => a.submittedAt).at(-1);
    if (!last || quiz.waitSeconds === 0) return null;
    return new Date(last.submittedAt!.getTime() + quiz.waitSeconds * 1000);
  }

  /**
   * The questions an attempt gets, slot by slot: fixed ones (if live), then draws of draw_count
   * from the live questions with the slot's tag that no other slot has given. random(n) picks.
   */
  private draw(
    slots: Awaited<ReturnType<AttemptsTx['slotsOf']>>,
    pool: LiveQuestionRow[],
    random: (n: number) => number,
  ): { question: LiveQuestionRow; points: number }[] {
    const byId = new Map(pool.map((q) => [q.id, q]));
    const fixed = new Set(slots.flatMap((s) => (s.questionId ? [s.questionId] : [])));
    const taken = new Set<string>();
    const drawn: { question: LiveQuestionRow; points: number }[] = [];
    for (const slot of slots) {
      if (slot.questionId) {
        const q = byId.get(slot.questionId);
        if (q && !taken.has(q.id)) {
          taken.add(q.id);
          drawn.push({ question: q, points: slot.points });
        }
        continue;
      }
      const candidates = pool.filter((q) => q.tags.includes(slot.tag!) && !taken.has(q.id) && !fixed.has(q.id));
      for (const q of shuffled(candidates, random).slice(0, slot.drawCount ?? 0)) {
        taken.add(q.id);
        drawn.push({ question: q, points: slot.points });
      }
    }
    return drawn;
  }

  /** The order an attempt shows a question's options (or choices, or items to order), shuffled if the quiz says so. */
  private optionOrder(quiz: QuizRow, q: LiveQuestionRow): string[] | null {
    const ids = (list: Choice[] | undefined) => (list ?? []).map((c) => c.id);
    switch (q.type) {
      case 'single':
      case 'multiple':
        return quiz.shuffleOptions ? shuffled(ids(q.definition.options)) : ids(q.definition.options);
      case 'matching':
        return quiz.shuffleOptions ? shuffled(ids(q.definition.choices)) : ids(q.definition.choices);
      case 'ordering':
        // Always shuffled, and never shown already in the answer's order.
        return shuffledNotInOrder(q.answerKey.order ?? ids(q.definition.items));
      default:
        return null;
    }
  }

  /**
   * Starts an attempt (201), or answers the one in progress (200). Refused: 409 QUIZ_CLOSED after
   * the close date, NO_ATTEMPTS_LEFT, ATTEMPT_WAIT (with nextAttemptAt); 422 for a quiz without questions.
   */
  async startAttempt(actor: Actor, quizId: string): Promise<{ created: boolean; attempt: AttemptViewDto }> {
    const quiz = await this.quizFor(actor, quizId);
    // No transaction and no lock: this is the request of an exam's first minute, so it reads once
    // (the learner's attempts and what to draw from) and writes once (the attempt and its items in
    // one INSERT, atomic by itself). Two starts by the same learner at once (a double click, two
    // tabs) are kept apart by the table's unique keys: one attempt number per learner and quiz, one
    // attempt in progress. The start that loses the race reads again and finds the winner's attempt.
    for (let round = 1; ; round++) {
      if (round > START_ROUNDS + 1) throw new Error(`starting an attempt of quiz ${quiz.id} did not settle in ${START_ROUNDS + 1} rounds`);
      const { attempts, inputs } = await this.attempts.read.startState(quiz.id, quiz.moduleId, actor.userId);
      const now = new Date();
      const current = attempts.find((a) => a.status === 'in_progress');
      if (current && !isOverdue(current.deadlineAt, now)) return { created: false, attempt: await this.view(current.id, quiz) };
      if (current) {
        // Its time ran out and its job has not closed it yet: graded on what was saved, then it counts as used.
        await this.attempts.closeIfOverdue(current.id, now);
        continue;
      }
      if (quiz.closesAt && now >= quiz.closesAt) throw new DomainError(AssessmentErrors.QuizClosed, 'This quiz has closed');
      if (quiz.maxAttempts !== null && attempts.length >= quiz.maxAttempts) {
        throw new DomainError(AssessmentErrors.NoAttemptsLeft, `You have used all ${quiz.maxAttempts} attempt(s) of this quiz`);
      }
      const next = this.nextAttemptAt(quiz, attempts);
      if (next && next > now) {
        throw new DomainError(AssessmentErrors.AttemptWait, `The next attempt can start at ${next.toISOString()}`, { nextAttemptAt: next.toISOString() });
      }
      const drawn = this.draw(inputs.slots, inputs.questions, (n) => Math.floor(Math.random() * n));
      if (drawn.length === 0) throw new DomainError(ErrorCode.RuleViolation, 'This quiz has no questions yet');
      const ordered = quiz.shuffleQuestions ? shuffled(drawn) : drawn;
      const items: NewAttemptItem[] = ordered.map(({ question, points }) => ({
        questionVersionId: question.versionId,
        optionOrder: this.optionOrder(quiz, question),
        maxScore: points,
      }));
      const deadlineAt = deadlineFor(now, quiz.timeLimitSeconds, inputs.extraTimePercent);
      const number = (attempts.at(-1)?.number ?? 0) + 1;
      let created: { id: string; itemIds: string[] };
      try {
        created = await this.attempts.read.createAttempt({ quizId: quiz.id, userId: actor.userId, number, startedAt: now, deadlineAt }, items);
      } catch (err) {
        // Another start of this learner's got there first: read again (a few rounds at most).
        if (round < START_ROUNDS && isStartRace(err)) continue;
        throw err;
      }
      // A timed attempt needs nothing queued: AttemptSweeper closes it once its time and grace have
      // passed, and the learner's next read or write closes it first if that comes sooner.
      // The new attempt's view from what was just written (no re-read): questions and options only.
      const view: AttemptViewDto = {
        id: created.id,
        quizId: quiz.id,
        quizTitle: quiz.title,
        number,
        status: 'in_progress',
        version: 1,
        startedAt: now.toISOString(),
        deadlineAt: iso(deadlineAt),
        submittedAt: null,
        items: ordered.map(({ question, points }, i) =>
          publicItem({
            id: created.itemIds[i]!,
            position: i + 1,
            questionVersionId: question.versionId,
            optionOrder: items[i]!.optionOrder,
            answer: null,
            flagged: false,
            score: null,
            maxScore: points,
            type: question.type,
            prompt: question.prompt,
            definition: question.definition,
            answerKey: question.answerKey,
            generalFeedback: question.generalFeedback,
          }),
        ),
        result: null,
      };
      return { created: true, attempt: view };
    }
  }

  /** The caller's attempt (closing it first if its time ran out); another learner's is 404. */
  async getAttempt(actor: Actor, attemptId: string): Promise<AttemptViewDto> {
    const attempt = await this.attempts.findAttempt(attemptId);
    if (!attempt || attempt.userId !== actor.userId) throw DomainError.notFound('Attempt');
    await this.closeLapsed(attempt);
    const quiz = await this.attempts.findQuiz(attempt.quizId);
    return this.view(attempt.id, quiz!);
  }

  /**
   * Saves answers and flags. The whole request is checked before anything is written: an item not
   * in the attempt, an option of another question or a malformed value is 400 naming the field, and
   * nothing changes. Repeating the last applied request is a no-op answering the same version.
   */
  async saveAnswers(actor: Actor, attemptId: string, dto: SaveAnswersDto): Promise<SaveAnswersResponseDto> {
    const saveHash = createHash('sha256')
      .update(canonicalJson({ answers: dto.answers, flags: dto.flags ?? [] }))
      .digest('hex');
    const outcome = await this.attempts.transaction(async (tx) => {
      const attempt = await tx.lockAttempt(attemptId);
      if (!attempt || attempt.userId !== actor.userId) throw DomainError.notFound('Attempt');
      if (attempt.status === 'in_progress' && isOverdue(attempt.deadlineAt, new Date())) {
        // Graded on what was saved before; this request's answers are refused (after the commit).
        await tx.grade(attempt.id, 'time_limit');
        return { closed: true as const };
      }
      if (attempt.status !== 'in_progress') return { closed: true as const };
      const items = await tx.itemsOf(attempt.id);
      const summary = () => items.map((i) => ({ itemId: i.id, answered: i.answer !== null, flagged: i.flagged }));
      if (attempt.lastSaveHash === saveHash && dto.version + 1 === attempt.version) {
        return {
          closed: false as const,
          response: { version: attempt.version, savedAt: (attempt.savedAt ?? attempt.startedAt).toISOString(), items: summary() },
        };
      }
      if (dto.version !== attempt.version) {
        throw new DomainError(AssessmentErrors.AttemptVersionConflict, 'These answers were saved from somewhere else meanwhile; reload the attempt', {
          currentVersion: attempt.version,
        });
      }
      const byId = new Map(items.map((i) => [i.id, i]));
      const fields: FieldError[] = [];
      const seen = new Set<string>();
      const answers: { itemId: string; answer: ReturnType<typeof normaliseAnswer> }[] = [];
      dto.answers.forEach((a, i) => {
        const item = byId.get(a.itemId);
        if (!item) return fields.push({ field: `answers[${i}].itemId`, reasons: ['is not an item of this attempt'] });
        if (seen.has(a.itemId)) return fields.push({ field: `answers[${i}].itemId`, reasons: ['answers the same item twice'] });
        seen.add(a.itemId);
        if (a.value === undefined) return fields.push({ field: `answers[${i}].value`, reasons: ['is required (null clears the answer)'] });
        const problems = answerProblems(item.type, item.definition, a.value);
        if (problems.length) return fields.push({ field: `answers[${i}].value`, reasons: problems });
        answers.push({ itemId: a.itemId, answer: normaliseAnswer(a.value) });
      });
      const flagged = new Set<string>();
      (dto.flags ?? []).forEach((f, i) => {
        if (!byId.has(f.itemId)) fields.push({ field: `flags[${i}].itemId`, reasons: ['is not an item of this attempt'] });
        else if (flagged.has(f.itemId)) fields.push({ field: `flags[${i}].itemId`, reasons: ['flags the same item twice'] });
        flagged.add(f.itemId);
      });
      if (fields.length) throw DomainError.validation(fields);
      const saved = await tx.saveAnswers(attempt.id, answers, dto.flags ?? [], saveHash);
      for (const a of answers) byId.get(a.itemId)!.answer = a.answer;
      for (const f of dto.flags ?? []) byId.get(f.itemId)!.flagged = f.flagged;
      return { closed: false as const, response: { version: saved.version, savedAt: saved.savedAt.toISOString(), items: summary() } };
    });
    if (outcome.closed) throw new DomainError(AssessmentErrors.AttemptClosed, 'This attempt is closed: it was submitted, or its time ran out');
    return outcome.response;
  }

  /**
   * Submits and grades the attempt, once: concurrent submits wait on the row lock and the later
   * ones find it submitted. A repeated submit answers the same result.
   */
  async submitAttempt(actor: Actor, attemptId: string): Promise<AttemptViewDto> {
    const quizId = await this.attempts.transaction(async (tx) => {
      const attempt = await tx.lockAttempt(attemptId);
      if (!attempt || attempt.userId !== actor.userId) throw DomainError.notFound('Attempt');
      if (attempt.status === 'in_progress') await tx.grade(attempt.id, isOverdue(attempt.deadlineAt, new Date()) ? 'time_limit' : 'learner');
      return attempt.quizId;
    });
    return this.view(attemptId, (await this.attempts.findQuiz(quizId))!);
  }

  /** The attempt as its learner sees it now: questions without keys; after submission, what the review policy shows. */
  private async view(attemptId: string, quiz: QuizRow): Promise<AttemptViewDto> {
    const attempt = (await this.attempts.findAttempt(attemptId))!;
    const items = await this.attempts.read.itemsOf(attemptId);
    const submitted = attempt.status === 'submitted';
    const shown = shownNow(quiz.reviewPolicy, submitted, quiz.closesAt, new Date());
    return {
      id: attempt.id,
      quizId: quiz.id,
      quizTitle: quiz.title,
      number: attempt.number,
      status: attempt.status,
      version: attempt.version,
      startedAt: attempt.startedAt.toISOString(),
      deadlineAt: iso(attempt.deadlineAt),
      submittedAt: iso(attempt.submittedAt),
      items: items.map((item) => {
        const view = publicItem(item);
        if (!submitted) return view;
        const correctAnswer = shown.correctAnswers ? correctAnswerOf(item.type, item.answerKey) : null;
        const optionFeedback = shown.feedback ? pickedOptionFeedback(item.type, item.answerKey, item.answer) : undefined;
        view.review = {
          correct: shown.correctness ? item.score !== null && item.score >= item.maxScore : null,
          score: shown.score ? item.score : null,
          maxScore: item.maxScore,
          ...(correctAnswer ? { correctAnswer } : {}),
          ...(shown.feedback && item.generalFeedback ? { feedback: item.generalFeedback } : {}),
          ...(optionFeedback ? { optionFeedback } : {}),
        };
        return view;
      }),
      result: submitted
        ? {
            closedBy: attempt.closedBy ?? 'learner',
            score: shown.score ? attempt.score : null,
            maxScore: attempt.maxScore,
            percent: shown.score ? attempt.percent : null,
            passed: shown.score ? attempt.passed : null,
            shown,
          }
        : null,
    };
  }

  /**
   * The delayed job that closed a timed attempt until the sweep replaced it (AttemptSweeper): kept
   * so that jobs an earlier version queued still run. Closes it on what was saved, unless it was
   * submitted or is not overdue (then nothing to do).
   */
  @OnJob('assessment.close-attempt')
  async closeOverdueAttempt({ attemptId }: JobPayloads['assessment.close-attempt']): Promise<void> {
    await this.attempts.closeIfOverdue(attemptId);
  }
}

/** How often one start reads again after losing a race to another start of the same learner. */
const START_ROUNDS = 3;

/** A start that lost to a concurrent one of the same learner and quiz (same attempt number, or a second attempt in progress). */
function isStartRace(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return (
    driverError.code === '23505' &&
    (driverError.constraint === 'uq_quiz_attempts_quiz_id_user_id_number' || driverError.constraint === 'uq_quiz_attempts_quiz_id_user_id')
  );
}
