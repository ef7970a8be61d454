/**
 * Keyset pages with "Previous" as well as "Next", without JavaScript and without OFFSET: the API
 * only answers a next cursor, so the address carries the cursors of the pages before this one
 * (`back`, oldest first; the first page has no cursor). At most MAX_TRAIL are kept: beyond them
 * "Previous" from a far page goes back to the first page rather than grow the address.
 */
export const MAX_TRAIL = 40;

export interface PageState {
  cursor: string;
  back: string[];
}

export function readPageState(params: URLSearchParams): PageState {
  const cursor = params.get('cursor') ?? '';
  const back = cursor ? params.getAll('back').filter(Boolean).slice(-MAX_TRAIL) : [];
  return { cursor, back };
}

/** The page after this one. */
export function nextPage(state: PageState, nextCursor: string): PageState {
  const back = state.cursor ? [...state.back, state.cursor].slice(-MAX_TRAIL) : [];
  return { cursor: nextCursor, back };
}

/** The page before this one, or null on the first page. */
export function previousPage(state: PageState): PageState | null {
  if (!state.cursor) return null;
  if (state.back.length === 0) return { cursor: '', back: [] };
  return { cursor: state.back[state.back.length - 1]!, back: state.back.slice(0, -1) };
}

/** Writes the page into `params` (a copy), dropping empty values. */
export function withPage(params: URLSearchParams, page: PageState): URLSearchParams {
  const out = new URLSearchParams(params);
  out.delete('cursor');
  out.delete('back');
  if (page.cursor) {
    out.set('cursor', page.cursor);
    for (const cursor of page.back) out.append('back', cursor);
  }
  return out;
}

/** "path?query", or "path" when there is no query. */
export function hrefOf(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export interface PageLinks {
  previous: string | null;
  next: string | null;
  first: string | null;
}

/** The links of a keyset-paginated list at `path` with its other query `params` (filters, sort). */
export function pageLinks(path: string, params: URLSearchParams, state: PageState, nextCursor: string | null): PageLinks {
  const previous = previousPage(state);
  return {
    previous: previous ? hrefOf(path, withPage(params, previous)) : null,
    next: nextCursor ? hrefOf(path, withPage(params, nextPage(state, nextCursor))) : null,
    // "First page" only where "Previous" would not already lead there.
    first: state.back.length > 0 ? hrefOf(path, withPage(params, { cursor: '', back: [] })) : null
  };
}
