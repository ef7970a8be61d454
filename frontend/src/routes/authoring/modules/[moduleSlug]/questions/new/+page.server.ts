import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { bodyOf } from '#lib/authoring/question-form.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { moduleAndPublication, QUESTION_FAILURES, readQuestion, type QuestionFormState } from '../question-pages.server';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const loaded = await moduleAndPublication(event, event.params.moduleSlug);
  if (loaded.module.origin === 'content') error(422, 'This module is imported from backend/content; edit its quiz file.');
  return loaded;
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const { failure, draft } = await readQuestion(event, { creating: true });
    if (failure) return failure;
    const api = apiFor(event);
    const mod = await callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug: event.params.moduleSlug } } }));
    if (!mod.ok) return formFailure<QuestionFormState>(mod.problem, event, { form: 'question', draft });
    const outcome = await callApi(() =>
      api.POST('/api/modules/{moduleId}/questions', { params: { path: { moduleId: mod.data.id } }, body: { ...bodyOf(draft), slug: draft.slug || undefined } })
    );
    if (outcome.ok) redirect(303, `/authoring/modules/${event.params.moduleSlug}/questions/${outcome.data.id}?created=1`);
    return formFailure<QuestionFormState>(outcome.problem, event, { form: 'question', draft }, QUESTION_FAILURES);
  }
};
