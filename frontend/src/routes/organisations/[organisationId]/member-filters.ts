import { isOrgRole, type OrgRole } from '#lib/roles.js';

export interface MemberFilters {
  q: string;
  role: OrgRole | '';
  /** Keyset cursor of the members list. */
  cursor: string;
  /** Keyset cursor of the pending invitations list. */
  invitationsCursor: string;
}

/** The list filters, read from the query string (a GET form sets them, so they work without JavaScript). */
export function memberFilters(url: URL): MemberFilters {
  const role = url.searchParams.get('role') ?? '';
  return {
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 200),
    role: isOrgRole(role) ? role : '',
    cursor: (url.searchParams.get('cursor') ?? '').slice(0, 500),
    invitationsCursor: (url.searchParams.get('invitationsCursor') ?? '').slice(0, 500)
  };
}

/** The query string for these filters with some changed, without empty values; '' when none. */
export function filterQuery(filters: MemberFilters, changes: Partial<MemberFilters> = {}): string {
  const merged = { ...filters, ...changes };
  const params = new URLSearchParams();
  for (const key of ['q', 'role', 'cursor', 'invitationsCursor'] as const) {
    if (merged[key]) params.set(key, merged[key]);
  }
  return params.toString();
}
