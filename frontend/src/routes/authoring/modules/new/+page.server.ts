import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { failForm } from '#lib/server/form-result.js';
import { textField } from '#lib/server/form-data.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { publicationChoices } from '../publication-choices.server';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  return { publications: await publicationChoices(apiFor(event)) };
};

export const actions: Actions = {
  default: async (event) => {
    requirePlatformAdmin(event);
    const data = await event.request.formData();
    const values = {
      slug: textField(data, 'slug'),
      publicationSlug: textField(data, 'publicationSlug'),
      title: textField(data, 'title'),
      summary: textField(data, 'summary')
    };
    const errors: Record<string, string> = {};
    if (!SLUG.test(values.slug)) errors.slug = 'Enter a slug: lowercase letters, digits and single dashes';
    if (!SLUG.test(values.publicationSlug)) errors.publicationSlug = 'Choose the publication the module is built from';
    if (!values.title) errors.title = 'Enter a title';
    if (!values.summary) errors.summary = 'Enter a summary';
    if (Object.keys(errors).length > 0) return failForm(400, { values, errors });

    const outcome = await callApi(() => apiFor(event).POST('/api/authoring/modules', { body: values }));
    if (outcome.ok) redirect(303, `/authoring/modules/${outcome.data.slug}?created=1`);
    return formFailure(
      outcome.problem,
      event,
      { values },
      {
        fields: {
          slug: { label: 'Slug' },
          publicationSlug: { label: 'Publication', missing: 'Choose the publication the module is built from' },
          title: { label: 'Title' },
          summary: { label: 'Summary' }
        },
        on: { conflict: (problem) => ({ errors: { slug: problem.message } }) }
      }
    );
  }
};
