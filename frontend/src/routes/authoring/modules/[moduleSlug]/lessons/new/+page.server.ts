import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { failForm } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { publicationChoices } from '../../../publication-choices.server';
import { LESSON_FAILURES, lessonBody, lessonProblems, previewAction, readLessonForm, uploadAction, type LessonFormState } from '../lesson-form.server';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { moduleSlug } = event.params;
  if (!SLUG.test(moduleSlug)) error(404, 'Module not found');
  const api = apiFor(event);
  const [outcome, publications] = await Promise.all([
    callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug } } })),
    publicationChoices(api)
  ]);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Module not found' });
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
    return formFailure<LessonFormState>(outcome.problem, event, base, LESSON_FAILURES);
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
