/**
 * The resource library's search and filters, as they travel in the page's address (a plain GET
 * form, so they work without JavaScript) and as they are sent to GET /api/publications.
 */

export interface LibraryFilters {
  q: string;
  topic: string;
  publisher: string;
  /** Kept as typed; only a four-digit year is sent to the API. */
  year: string;
  region: string;
}

export const FILTER_KEYS = ['topic', 'publisher', 'year', 'region'] as const;

/** The API answers 400 for longer values; the form's maxlength says the same. */
export const MAX_QUERY_LENGTH = 200;
const MAX_FILTER_LENGTH = 200;

function param(params: URLSearchParams, name: string, max: number): string {
  return (params.get(name) ?? '').trim().slice(0, max);
}

/** Reads the filters from the page's query string; absent or blank values become ''. */
export function filtersFromParams(params: URLSearchParams): LibraryFilters {
  const year = param(params, 'year', 4);
  return {
    q: param(params, 'q', MAX_QUERY_LENGTH),
    topic: param(params, 'topic', MAX_FILTER_LENGTH),
    publisher: param(params, 'publisher', MAX_FILTER_LENGTH),
    year: /^\d{4}$/.test(year) ? year : '',
    region: param(params, 'region', MAX_FILTER_LENGTH)
  };
}

export interface PublicationQuery {
  q?: string;
  topic?: string;
  publisher?: string;
  year?: number;
  region?: string;
  cursor?: string;
  limit?: number;
}

/** What to send to GET /api/publications: empty values are left out rather than sent as `?x=`. */
export function publicationQuery(filters: LibraryFilters, cursor?: string | null, limit?: number): PublicationQuery {
  const query: PublicationQuery = {};
  if (filters.q) query.q = filters.q;
  if (filters.topic) query.topic = filters.topic;
  if (filters.publisher) query.publisher = filters.publisher;
  if (/^\d{4}$/.test(filters.year)) query.year = Number(filters.year);
  if (filters.region) query.region = filters.region;
  if (cursor) query.cursor = cursor;
  if (limit) query.limit = limit;
  return query;
}

/** True when anything narrows the list (a search or any filter). */
export function isFiltered(filters: LibraryFilters): boolean {
  return Boolean(filters.q || filters.topic || filters.publisher || filters.year || filters.region);
}

/** The library page's address for these filters, optionally at a later page. */
export function libraryHref(filters: LibraryFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/library?${query}` : '/library';
}

export interface SnippetPart {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

function unescapeHtml(text: string): string {
  return text.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * A search snippet (the summary, HTML-escaped, with matches in <mark>) as plain text parts, so the
 * page renders it as text with <mark> elements of its own and never inserts API HTML. Any other
 * markup would show as text, which is the safe failure.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (const match of snippet.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: unescapeHtml(snippet.slice(last, index)), mark: false });
    if (match[1]) parts.push({ text: unescapeHtml(match[1]), mark: true });
    last = index + match[0].length;
  }
  if (last < snippet.length) parts.push({ text: unescapeHtml(snippet.slice(last)), mark: false });
  return parts;
}
