import { describe, expect, it } from 'vitest';
import { loginUrl, safeNext } from './safe-redirect';

describe('safeNext', () => {
  it('keeps a path on this site with its query and fragment', () => {
    expect(safeNext('/account')).toBe('/account');
    expect(safeNext('/invitations/accept?token=abc-123')).toBe('/invitations/accept?token=abc-123');
    expect(safeNext('/organisations/x?q=ana#members')).toBe('/organisations/x?q=ana#members');
  });

  it.each([
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with path', '//evil.example/account'],
    ['absolute https', 'https://evil.example'],
    ['absolute http', 'http://evil.example/login'],
    ['backslash', '/\\evil'],
    ['backslash pair', '/\\\\evil.example'],
    ['javascript', 'javascript:alert(1)'],
    ['tab trick', '/\t/evil.example'],
    ['newline trick', '/\n/evil.example'],
    ['relative without slash', 'account'],
    ['empty', ''],
    ['sign-in page itself', '/login?next=/account']
  ])('refuses %s: %j', (_name, value) => {
    expect(safeNext(value)).toBeNull();
  });

  // Dot segments collapse while parsing: each of these normalises to "//evil.example...".
  it.each([
    '/.//evil.example',
    '/%2e//evil.example',
    '/%2E//evil.example',
    '/a/..//evil.example',
    '/..//evil.example',
    '/../..//evil.example',
    '/account/..//evil.example',
    '/account/%2e%2e//evil.example/path?x=1',
    '/././/evil.example',
    '/.%2f/evil.example/../',
    '/a/b/../..//evil.example'
  ])('never lets a path that normalises to another host through: %j', (value) => {
    const out = safeNext(value);
    // Whatever survives must resolve on this site, whatever origin it is resolved against.
    const resolved = out === null ? null : new URL(out, 'https://academy.example').host;
    expect([null, 'academy.example']).toContain(resolved);
  });

  it('refuses the documented open-redirect probes outright', () => {
    for (const value of ['/.//evil.example', '/%2e//evil.example', '/a/..//evil.example', '/..//evil.example', '/account/..//evil.example']) {
      expect(safeNext(value)).toBeNull();
    }
  });

  it('keeps ordinary dot segments that stay on this site, normalised', () => {
    expect(safeNext('/courses/../account')).toBe('/account');
    expect(safeNext('/./courses')).toBe('/courses');
  });

  it('refuses non-strings', () => {
    expect(safeNext(null)).toBeNull();
    expect(safeNext(undefined)).toBeNull();
    expect(safeNext(['/account'])).toBeNull();
  });

  it('keeps encoded slashes harmless: they stay a path on this site', () => {
    expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });
});

describe('loginUrl', () => {
  it('encodes the return path', () => {
    expect(loginUrl('/invitations/accept?token=a&b')).toBe('/login?next=%2Finvitations%2Faccept%3Ftoken%3Da%26b');
  });

  it('drops an unsafe return path', () => {
    expect(loginUrl('//evil.example')).toBe('/login');
  });
});
