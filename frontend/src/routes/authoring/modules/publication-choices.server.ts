import type { ApiClient } from '#lib/server/api.js';
import { callApi } from '#lib/server/api-result.js';

export interface PublicationChoice {
  slug: string;
  title: string;
}

/** The library's publications (the first 100 by title), for a module's and a source's publication. */
export async function publicationChoices(api: ApiClient): Promise<PublicationChoice[]> {
  const outcome = await callApi(() => api.GET('/api/publications', { params: { query: { limit: 100 } } }));
  return outcome.ok ? outcome.data.items.map((p) => ({ slug: p.slug, title: p.title })) : [];
}
