import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import type { FormState } from '#lib/form-state.js';
import { answerFromForm, currentOrder, moveItem } from '#lib/quiz/answers.js';
import { questionPath, reviewPath, summaryPath } from '#lib/quiz/paths.js';
import type { AnswerValue, AttemptItemView, SaveAnswersBody } from '#lib/quiz/types.js';
import { apiFor } from '#lib/server/api-event.js';
import { failForm } from '#lib/server/form-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { ATTEMPT_CLOSED, getAttempt, saveAnswers, VERSION_CONFLICT } from '#lib/server/quiz-api.js';
import { loadAttempt } from '../../../attempt-load.server';
import { positionOf } from './position';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Where the button pressed goes: previous, next, the summary, a question by number, or back here (a move). */
function destination(go: string, position: number, count: number): number | 'summary' {
  if (go === 'summary') return 'summary';
  if (go === 'next') return Math.min(count, position + 1);
  if (go === 'previous') return Math.max(1, position - 1);
  const n = /^\d{1,4}$/.test(go) ? Number(go) : position;
  return n >= 1 && n <= count ? n : position;
}

/** The answer a move button asks for (without JavaScript each move is one post). */
function movedAnswer(item: AttemptItemView, move: string, answer: AnswerValue | null): AnswerValue | null {
  const order = currentOrder(item, answer ?? item.answer);
  if (move === 'keep') return { order };
  const [direction, id] = move.split(':', 2) as [string, string | undefined];
  if (!id || (direction !== 'up' && direction !== 'down')) return answer;
  return { order: moveItem(order, id, direction === 'up' ? -1 : 1) };
}

/** The question form's answer: what was typed or chosen comes back after a refusal, not lost. */
export interface QuestionFormState extends FormState {
  answer?: AnswerValue | null;
  flagged?: boolean;
}

export const actions: Actions = {
  /**
   * The question form without JavaScript: saves this question's answer and flag, then goes where
   * the button said. With JavaScript the page autosaves instead and only navigates.
   */
  save: async (event) => {
    requireSignedIn(event);
    const { quizId, attemptId } = event.params;
    const attempt = await loadAttempt(event);
    if (attempt.status !== 'in_progress') redirect(303, reviewPath(quizId, attemptId));
    const items = [...attempt.items].sort((a, b) => a.position - b.position);
    const position = positionOf(event.params.position, items.length);
    const item = items[position - 1]!;
    const form = await event.request.formData();
    const text = (name: string) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : '');

    const parsed = answerFromForm(item, form);
    if (!parsed.ok) {
      return failForm<QuestionFormState>(400, {
        form: 'question',
        errors: { answer: parsed.error },
        values: { answer: text('answer') },
        flagged: form.get('flagged') === 'on'
      });
    }
    const move = text('move');
    const answer = item.type === 'ordering' && move ? movedAnswer(item, move, parsed.value) : parsed.value;
    const flagged = form.get('flagged') === 'on';

    const body: SaveAnswersBody = { version: Number(text('version')) || attempt.version, answers: [] };
    if (!same(answer, item.answer)) body.answers.push({ itemId: item.id, value: answer });
    if (flagged !== item.flagged) body.flags = [{ itemId: item.id, flagged }];

    if (body.answers.length > 0 || body.flags) {
      const api = apiFor(event);
      let saved = await saveAnswers(api, attemptId, body);
      if (!saved.ok && saved.problem.code === VERSION_CONFLICT) {
        // Saved from another tab meanwhile: this page's answer is the learner's latest word.
        const fresh = await getAttempt(api, attemptId);
        if (fresh.ok) saved = await saveAnswers(api, attemptId, { ...body, version: fresh.data.version });
      }
      if (!saved.ok) {
        if (saved.problem.code === ATTEMPT_CLOSED) redirect(303, reviewPath(quizId, attemptId));
        return formFailure<QuestionFormState>(saved.problem, event, { form: 'question', values: { answer: text('answer') }, answer, flagged });
      }
    }

    const movedId = move.split(':')[1];
    if (move) redirect(303, `${questionPath(quizId, attemptId, position)}${movedId ? `#move-${movedId}` : ''}`);
    const to = destination(text('go'), position, items.length);
    redirect(303, to === 'summary' ? summaryPath(quizId, attemptId) : questionPath(quizId, attemptId, to));
  }
};
