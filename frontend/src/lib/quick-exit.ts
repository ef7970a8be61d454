/**
 * Which pages carry the quick exit: every page about the sensitive subject itself, not the
 * site's machinery. Lessons (any lesson can describe exploitation and violence), the library
 * and each publication (every publication is about trafficking or modern slavery), the glossary
 * (its definitions describe forms of abuse) and a course whose authors gave it a content note.
 * Account, sign-in, catalogue, quiz and admin pages do not: there an accidental double Escape
 * or a stray tap would only take someone away from a form.
 *
 * Decided from the route and the page's own data, so a page needs no extra API call.
 */
const SENSITIVE_ROUTES = ['/courses/[slug]/lessons/', '/library', '/glossary'];

export function showsQuickExit(routeId: string | null | undefined, data: Record<string, unknown> | null | undefined): boolean {
  if (!routeId) return false;
  if (SENSITIVE_ROUTES.some((prefix) => routeId === prefix || routeId.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))) return true;
  // The course page gives its content note (null without one).
  if (routeId === '/courses/[slug]') return typeof data?.contentNote === 'string' && data.contentNote.trim() !== '';
  return false;
}
