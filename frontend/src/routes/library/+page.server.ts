import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { isInvalidInput, pageError } from '#lib/server/problems.js';
import { filtersFromParams, publicationQuery } from './library-query';

const PUBLICATIONS_PER_PAGE = 20;

export const load: PageServerLoad = async (event) => {
  const filters = filtersFromParams(event.url.searchParams);
  const cursor = event.url.searchParams.get('cursor') ?? '';
  const api = apiFor(event, { signedIn: false });
  const [list, facets] = await Promise.all([
    callApi(() => api.GET('/api/publications', { params: { query: publicationQuery(filters, cursor, PUBLICATIONS_PER_PAGE) } })),
    callApi(() => api.GET('/api/publications/facets'))
  ]);
  // Without facets the filters fall back to what is selected; the search itself still works.
  const facetData = facets.ok ? facets.data : { topics: [], publishers: [], years: [], regions: [] };
  const base = { filters, cursor, facets: facetData };
  if (!list.ok) {
    const { problem } = list;
    if (isInvalidInput(problem)) {
      const onCursor = Object.hasOwn(problem.fields, 'cursor');
      return {
        ...base,
        publications: [],
        nextCursor: null,
        loadProblem: onCursor ? 'This page of results is no longer available.' : 'These search terms or filters could not be used.'
      };
    }
    pageError(problem, event);
  }
  return { ...base, publications: list.data.items, nextCursor: list.data.nextCursor, loadProblem: null };
};
