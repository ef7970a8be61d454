import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { textField } from '#lib/server/form-data.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { ifMatch } from '#lib/server/revision.js';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { moduleSlug } = event.params;
  if (!SLUG.test(moduleSlug)) error(404, 'Module not found');
  const outcome = await callApi(() => apiFor(event).GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug } } }));
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Module not found' });
  return { module: outcome.data, created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const data = await event.request.formData();
    const values = { title: textField(data, 'title'), summary: textField(data, 'summary') };
    const revision = textField(data, 'revision');
    const errors: Record<string, string> = {};
    if (!values.title) errors.title = 'Enter a title';
    if (!values.summary) errors.summary = 'Enter a summary';
    if (Object.keys(errors).length > 0) return failForm(400, { values: { ...values, revision }, errors });
    const outcome = await callApi(() =>
      apiFor(event).PATCH('/api/authoring/modules/{moduleSlug}', {
        params: { path: { moduleSlug: event.params.moduleSlug }, ...ifMatch(revision) },
        body: values
      })
    );
    if (outcome.ok) return formOk({ values: { ...values, revision: outcome.data.revision }, success: 'Module saved.' });
    return formFailure(outcome.problem, event, { values: { ...values, revision } }, { fields: { title: { label: 'Title' }, summary: { label: 'Summary' } } });
  }
};
