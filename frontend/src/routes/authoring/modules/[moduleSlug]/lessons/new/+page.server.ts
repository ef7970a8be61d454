import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { loadProblem, requirePlatformAdmin } from '#lib/server/authoring.js';
import { failForm } from '#lib/server/form-result.js';
import {
  lessonBody,
  lessonProblems,
  mapLessonProblem,
  previewAction,
  readLessonForm,
  uploadAction,
  type LessonFormState
} from '../lesson-form.server';
import { publicationChoices } from '../../../publication-choices.server';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { moduleSlug } = event.params;
  if (!SLUG.test(moduleSlug)) error(404, 'Module not found');
  const api = apiFor(event);
  const [outcome, publications] = await Promise.all([
    callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug } } })),
    publicationChoices(api)
  ]);
  if (!outcome.ok) loadProblem(outcome.problem, event.url, 'Module not found');
  if (outcome.data.origin === 'content') error(422, 'This module is imported from backend/content; edit the file.');
  return { module: outcome.data, publications };
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const input = readLessonForm(await event.request.formData());
    const base = { form: 'lesson', values: input.values, sources: input.sources };
    const errors = lessonProblems(input, { creating: true });
    if (Object.keys(errors).length > 0) return failForm<LessonFormState>(400, { ...base, errors });
    const outcome = await callApi(() =>
      apiFor(event).POST('/api/authoring/modules/{moduleSlug}/lessons', {
        params: { path: { moduleSlug: event.params.moduleSlug } },
        body: { ...lessonBody(input), slug: input.values.slug }
      })
    );
    if (outcome.ok) redirect(303, `/authoring/modules/${event.params.moduleSlug}/lessons/${outcome.data.id}?created=1`);
    if (outcome.problem.status === 401) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
    const mapped = mapLessonProblem(outcome.problem);
    return failForm<LessonFormState>(outcome.problem.status >= 500 ? 503 : outcome.problem.status, { ...base, ...mapped });
  },
  preview: async (event) => {
    requirePlatformAdmin(event);
    return previewAction(event);
  },
  upload: async (event) => {
    requirePlatformAdmin(event);
    return uploadAction(event);
  }
};
