import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requireOrgRole, requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';
import { liveQuestions, saveSettings } from '#lib/server/quiz-settings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { organisationId, courseSlug, moduleId } = event.params;
  if (!UUID.test(organisationId) || !SLUG.test(courseSlug) || !UUID.test(moduleId)) error(404, 'Quiz not found');
  const api = apiFor(event);
  const org = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!org.ok) pageError(org.problem, event, { notFound: 'Organisation not found' });
  requireOrgRole(user, org.data.role, 'trainer', 'Only trainers and organisation admins may change this organisation’s quizzes.');
  const settings = await callApi(() => api.GET('/api/tailored-courses/{courseSlug}/modules/{moduleId}/quiz', { params: { path: { courseSlug, moduleId } } }));
  if (!settings.ok) pageError(settings.problem, event, { notFound: 'Quiz not found' });
  return { organisation: org.data, courseSlug, settings: settings.data, questions: await liveQuestions(api, moduleId) };
};

export const actions: Actions = {
  save: async (event) => {
    requireSignedIn(event);
    const { courseSlug, moduleId } = event.params;
    return saveSettings(event, (body) =>
      callApi(() => apiFor(event).PUT('/api/tailored-courses/{courseSlug}/modules/{moduleId}/quiz', { params: { path: { courseSlug, moduleId } }, body }))
    );
  }
};
