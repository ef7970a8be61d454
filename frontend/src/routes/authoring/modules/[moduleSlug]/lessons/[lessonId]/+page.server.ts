import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { ifMatch } from '#lib/server/revision.js';
import { publicationChoices } from '../../../publication-choices.server';
import { LESSON_FAILURES, lessonBody, lessonProblems, previewAction, readLessonForm, uploadAction, type LessonFormState } from '../lesson-form.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { moduleSlug, lessonId } = event.params;
  if (!SLUG.test(moduleSlug) || !UUID.test(lessonId)) error(404, 'Lesson not found');
  const api = apiFor(event);
  const [outcome, publications] = await Promise.all([
    callApi(() => api.GET('/api/authoring/lessons/{lessonId}', { params: { path: { lessonId } } })),
    publicationChoices(api)
  ]);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Lesson not found' });
  if (outcome.data.moduleSlug !== moduleSlug) redirect(308, `/authoring/modules/${outcome.data.moduleSlug}/lessons/${lessonId}`);
  return { lesson: outcome.data, publications, created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const input = readLessonForm(await event.request.formData());
    const base = { form: 'lesson', values: input.values, sources: input.sources };
    const errors = lessonProblems(input, { creating: false });
    if (Object.keys(errors).length > 0) return failForm<LessonFormState>(400, { ...base, errors });
    // An emptied note is removed (null).
    const body = { ...lessonBody(input), contentNote: input.values.contentNote || null };
    const outcome = await callApi(() =>
      apiFor(event).PATCH('/api/authoring/lessons/{lessonId}', {
        params: { path: { lessonId: event.params.lessonId }, ...ifMatch(input.values.revision) },
        body
      })
    );
    if (outcome.ok) {
      const values = { ...input.values, revision: outcome.data.revision };
      return formOk<LessonFormState>({ ...base, values, previewHtml: outcome.data.html, success: 'Lesson saved.' });
    }
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
