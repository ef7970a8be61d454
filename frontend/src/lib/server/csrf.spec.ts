import { describe, expect, it } from 'vitest';
import { isCrossSiteFormSubmission } from './csrf';

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
