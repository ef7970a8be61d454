import { describe, expect, it } from 'vitest';
import { fakeCookies } from '#lib/event-test-helpers.js';
import { setFlash, takeFlash } from './flash';

describe('flash messages', () => {
  it('are shown once', () => {
    const cookies = fakeCookies();
    setFlash(cookies, new URL('http://localhost/'), 'account-deleted');
    expect(takeFlash(cookies)).toMatchObject({ tone: 'success', title: 'Your account has been deleted.' });
    expect(takeFlash(cookies)).toBeNull();
  });

  it('only ever show known messages, never the cookie text', () => {
    const cookies = fakeCookies({ htmse_flash: '<script>alert(1)</script>' });
    expect(takeFlash(cookies)).toBeNull();
    expect(cookies.jar.has('htmse_flash')).toBe(false);
  });

  it('are httpOnly and short-lived', () => {
    const cookies = fakeCookies();
    setFlash(cookies, new URL('https://academy.example/'), 'signed-out');
    expect(cookies.options.get('htmse_flash')).toMatchObject({ httpOnly: true, secure: true, path: '/', maxAge: 60 });
  });
});
