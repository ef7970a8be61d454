import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, isCrossSiteFormSubmission } from './csrf';

function post(origin: string | null, contentType = 'application/x-www-form-urlencoded', method = 'POST') {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (origin) headers.origin = origin;
  return new Request('http://127.0.0.1:3000/login', { method, headers, body: 'a=1' });
}

// adapter-node without ORIGIN guesses https, whatever the browser used.
const guessed = new URL('https://127.0.0.1:3000/login');
const configured = new URL('https://academy.example/login');

describe('isCrossSiteFormSubmission', () => {
  it('accepts a same-origin form post', () => {
    expect(isCrossSiteFormSubmission(post('https://academy.example'), configured, { protocolKnown: true })).toBe(false);
  });

  it('accepts the plain-http origin when the protocol was only guessed (npm start)', () => {
    expect(isCrossSiteFormSubmission(post('http://127.0.0.1:3000'), guessed, { protocolKnown: false })).toBe(false);
  });

  it('refuses another host, whether or not the protocol is known', () => {
    expect(isCrossSiteFormSubmission(post('http://evil.example'), guessed, { protocolKnown: false })).toBe(true);
    expect(isCrossSiteFormSubmission(post('http://127.0.0.1:4000'), guessed, { protocolKnown: false })).toBe(true);
    expect(isCrossSiteFormSubmission(post('https://evil.example'), configured, { protocolKnown: true })).toBe(true);
  });

  it('compares the whole origin when the deployment set ORIGIN or PROTOCOL_HEADER', () => {
    expect(isCrossSiteFormSubmission(post('http://academy.example'), configured, { protocolKnown: true })).toBe(true);
  });

  it('refuses a form post without an Origin header, and an opaque origin', () => {
    expect(isCrossSiteFormSubmission(post(null), guessed, { protocolKnown: false })).toBe(true);
    expect(isCrossSiteFormSubmission(post('null'), guessed, { protocolKnown: false })).toBe(true);
  });

  it('checks every form content type, and only state-changing methods', () => {
    expect(isCrossSiteFormSubmission(post('http://evil.example', 'multipart/form-data; boundary=x'), guessed, { protocolKnown: false })).toBe(true);
    expect(isCrossSiteFormSubmission(post('http://evil.example', 'text/plain'), guessed, { protocolKnown: false })).toBe(true);
    expect(isCrossSiteFormSubmission(post('http://evil.example', 'application/json'), guessed, { protocolKnown: false })).toBe(false);
    const get = new Request('http://127.0.0.1:3000/login', { headers: { origin: 'http://evil.example' } });
    expect(isCrossSiteFormSubmission(get, guessed, { protocolKnown: false })).toBe(false);
  });
});

describe('crossSiteRefusal', () => {
  const options = { protocolKnown: true, requestId: 'req-abcdef12' };
  const request = (path: string, headers: Record<string, string>) =>
    new Request(`https://academy.example${path}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', ...headers },
      body: '--x--'
    });
  const refusal = (path: string, headers: Record<string, string>) =>
    crossSiteRefusal(request(path, headers), new URL(`https://academy.example${path}`), options);

  it('lets same-origin form posts through, pages and API alike', () => {
    expect(refusal('/login', { origin: 'https://academy.example' })).toBeNull();
    expect(refusal('/api/authoring/images', { origin: 'https://academy.example' })).toBeNull();
  });

  it('refuses a cross-site form post to a page as text, like SvelteKit', async () => {
    const response = refusal('/login', { origin: 'https://evil.example' });
    expect(response?.status).toBe(403);
    expect(response?.headers.get('content-type')).toContain('text/plain');
    expect(response?.headers.get('x-request-id')).toBe('req-abcdef12');
  });

  it('lets an API client with a Bearer token upload through /api, with or without an Origin', () => {
    expect(refusal('/api/authoring/images', { authorization: 'Bearer eyJhbGciOi.abc.def' })).toBeNull();
    expect(refusal('/api/authoring/images', { authorization: 'Bearer eyJhbGciOi.abc.def', origin: 'https://tool.example' })).toBeNull();
  });

  it('refuses other cross-site form posts to /api in the API error shape', async () => {
    const cases: Record<string, string>[] = [{ origin: 'https://evil.example' }, {}, { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: 'Bearer ' }];
    for (const headers of cases) {
      const response = refusal('/api/auth/login', headers);
      expect(response?.status, JSON.stringify(headers)).toBe(403);
      expect(response?.headers.get('content-type')).toContain('application/json');
      expect(await response?.json()).toEqual({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: expect.stringContaining('Cross-site POST form submissions are forbidden'),
        requestId: 'req-abcdef12'
      });
    }
  });

  it('leaves JSON requests to the API alone (a cross-site page cannot send them without CORS)', () => {
    const json = new Request('https://academy.example/api/me', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}'
    });
    expect(crossSiteRefusal(json, new URL(json.url), options)).toBeNull();
  });
});
