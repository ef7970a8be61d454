import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError, sectionProblem } from '#lib/server/problems.js';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { moduleSlug } = event.params;
  const api = apiFor(event);
  const mod = await callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug } } }));
  if (!mod.ok) pageError(mod.problem, event, { notFound: 'Module not found' });
  const moduleId = mod.data.id;
  const [questions, quiz] = await Promise.all([
    callApi(() => api.GET('/api/modules/{moduleId}/questions', { params: { path: { moduleId } } })),
    callApi(() => api.GET('/api/modules/{moduleId}/quiz', { params: { path: { moduleId } } }))
  ]);
  return {
    module: mod.data,
    questions: questions.ok ? questions.data.items : null,
    questionsProblem: questions.ok ? null : sectionProblem(questions.problem, event),
    quizId: quiz.ok ? quiz.data.quizId : null,
    retired: event.url.searchParams.has('retired')
  };
};

export const actions: Actions = {
  createQuiz: async (event) => {
    requirePlatformAdmin(event);
    const api = apiFor(event);
    const mod = await callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug: event.params.moduleSlug } } }));
    if (!mod.ok) return formFailure(mod.problem, event, { form: 'quiz' });
    const created = await callApi(() => api.POST('/api/modules/{moduleId}/quiz', { params: { path: { moduleId: mod.data.id } } }));
    if (!created.ok) return formFailure(created.problem, event, { form: 'quiz' });
    redirect(303, `/authoring/quizzes/${created.data.id}/settings`);
  }
};
