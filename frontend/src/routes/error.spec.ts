import { describe, expect, it, vi } from 'vitest';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const state = vi.hoisted(() => ({
  page: { status: 404, error: null as App.Error | null }
}));
vi.mock('$app/state', () => state);

const { default: ErrorPage } = await import('./+error.svelte');

function renderError(status: number, error: Omit<App.Error, 'status'> | null) {
  state.page.status = status;
  state.page.error = error && { status, ...error };
  return renderHtml(ErrorPage, {});
}

describe('error page', () => {
  it('says "Page not found" for a 404 and links home', () => {
    const out = renderError(404, { message: 'Not Found' });
    expect(out).toMatch(/<h1[^>]*>Page not found<\/h1>/);
    expect(out).toMatch(/<a[^>]*href="\/"/);
    expect(textOf(out)).not.toContain('Reference:');
    expect(headingsInOrder(out)).toBe(true);
  });

  it('shows status, message and the request id for other errors', () => {
    const out = renderError(500, { message: 'An unexpected error occurred', requestId: 'req-abc-123' });
    const text = textOf(out);
    expect(out).toMatch(/<h1[^>]*>Something went wrong<\/h1>/);
    expect(text).toContain('500');
    expect(text).toContain('An unexpected error occurred');
    expect(text).toContain('Reference: req-abc-123');
  });

  it('omits the reference line when there is no request id', () => {
    expect(textOf(renderError(503, { message: 'Unavailable' }))).not.toContain('Reference:');
  });

  it('says access is refused for a 403, with the reason and no reference', () => {
    const out = renderError(403, { message: 'Your role in this organisation does not allow this', requestId: 'req-1' });
    expect(out).toMatch(/<h1[^>]*>You do not have access to this page<\/h1>/);
    expect(textOf(out)).toContain('Your role in this organisation does not allow this');
    expect(textOf(out)).not.toContain('Reference:');
    expect(headingsInOrder(out)).toBe(true);
  });
});
