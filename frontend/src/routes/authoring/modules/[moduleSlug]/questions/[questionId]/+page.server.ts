import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { bodyOf } from '#lib/authoring/question-form.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { formOk } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { ifMatch } from '#lib/server/revision.js';
import { draftFromQuestion } from '#lib/authoring/question-form.js';
import { moduleAndPublication, QUESTION_FAILURES, readQuestion, type QuestionFormState } from '../question-pages.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { questionId } = event.params;
  if (!UUID.test(questionId)) error(404, 'Question not found');
  const api = apiFor(event);
  const [loaded, question] = await Promise.all([
    moduleAndPublication(event, event.params.moduleSlug),
    callApi(() => api.GET('/api/questions/{questionId}', { params: { path: { questionId } } }))
  ]);
  if (!question.ok) pageError(question.problem, event, { notFound: 'Question not found' });
  if (question.data.moduleId !== loaded.module.id) error(404, 'Question not found');
  return { ...loaded, question: question.data, created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const { failure, draft } = await readQuestion(event, { creating: false });
    if (failure) return failure;
    const outcome = await callApi(() =>
      apiFor(event).PUT('/api/questions/{questionId}', {
        params: { path: { questionId: event.params.questionId }, ...ifMatch(draft.revision) },
        body: bodyOf(draft)
      })
    );
    if (outcome.ok) {
      const success = outcome.data.newVersion
        ? `Saved as version ${outcome.data.version}. Attempts already made keep the version they were given; regrade them if the fix changes scores.`
        : 'Question saved.';
      return formOk<QuestionFormState>({ form: 'question', draft: draftFromQuestion(outcome.data), success });
    }
    return formFailure<QuestionFormState>(outcome.problem, event, { form: 'question', draft }, QUESTION_FAILURES);
  },
  retire: async (event) => {
    requirePlatformAdmin(event);
    const outcome = await callApi(() => apiFor(event).DELETE('/api/questions/{questionId}', { params: { path: { questionId: event.params.questionId } } }));
    if (outcome.ok) redirect(303, `/authoring/modules/${event.params.moduleSlug}/questions?retired=1`);
    return formFailure<QuestionFormState>(outcome.problem, event, { form: 'retire' });
  }
};
