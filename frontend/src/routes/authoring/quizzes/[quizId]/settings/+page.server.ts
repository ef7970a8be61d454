import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';
import { liveQuestions, saveSettings } from '#lib/server/quiz-settings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { quizId } = event.params;
  if (!UUID.test(quizId)) error(404, 'Quiz not found');
  const api = apiFor(event);
  const settings = await callApi(() => api.GET('/api/quizzes/{quizId}/settings', { params: { path: { quizId } } }));
  if (!settings.ok) pageError(settings.problem, event, { notFound: 'Quiz not found' });
  return { settings: settings.data, questions: await liveQuestions(api, settings.data.moduleId) };
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const quizId = event.params.quizId;
    return saveSettings(event, (body) => callApi(() => apiFor(event).PUT('/api/quizzes/{quizId}/settings', { params: { path: { quizId } }, body })));
  }
};
