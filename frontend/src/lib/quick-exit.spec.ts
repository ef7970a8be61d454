import { describe, expect, it } from 'vitest';
import { showsQuickExit } from './quick-exit';

describe('showsQuickExit', () => {
  it('is on every lesson, the library, each publication and the glossary', () => {
    for (const route of ['/courses/[slug]/lessons/[lessonId]', '/library', '/library/[slug]', '/glossary']) {
      expect(showsQuickExit(route, {}), route).toBe(true);
    }
  });

  it('is on a course page only when the course has a content note', () => {
    expect(showsQuickExit('/courses/[slug]', { contentNote: 'This course discusses sexual exploitation.' })).toBe(true);
    expect(showsQuickExit('/courses/[slug]', { contentNote: null })).toBe(false);
    expect(showsQuickExit('/courses/[slug]', { contentNote: '   ' })).toBe(false);
    expect(showsQuickExit('/courses/[slug]', {})).toBe(false);
  });

  it('is not on the machinery: home, catalogue, account, sign-in, quizzes, organisations, admin', () => {
    for (const route of [
      '/',
      '/courses',
      '/account',
      '/login',
      '/register',
      '/quizzes/[quizId]',
      '/organisations/[organisationId]',
      '/admin/audit',
      '/learning'
    ]) {
      expect(showsQuickExit(route, {}), route).toBe(false);
    }
  });

  it('does not take the organisation page’s support settings (or any look-alike path) for a sensitive page', () => {
    // The organisation page's data has `support` (its settings), which once turned the quick exit on there.
    expect(showsQuickExit('/organisations/[organisationId]', { support: { safeguardingContact: null } })).toBe(false);
    expect(showsQuickExit('/libraryx', {})).toBe(false);
    expect(showsQuickExit('/glossary-admin', {})).toBe(false);
  });

  it('is off when the route is unknown (an error page for a missing route)', () => {
    expect(showsQuickExit(null, {})).toBe(false);
    expect(showsQuickExit(undefined, undefined)).toBe(false);
  });
});
