import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { presentedCredential } from './credentials.js';

const req = (headers: Record<string, string>, cookies: Record<string, string> = {}) => ({ headers, cookies }) as unknown as FastifyRequest;

describe('presentedCredential', () => {
  it('takes a well-formed Bearer header, and then ignores the session cookie', () => {
    expect(presentedCredential(req({ authorization: 'Bearer abc.def-ghi_j~k+l/m==' }, { htmse_access: 'cookie-jwt' }))).toEqual({
      kind: 'bearer',
      token: 'abc.def-ghi_j~k+l/m==',
    });
    expect(presentedCredential(req({ authorization: 'bearer abc' }))).toEqual({ kind: 'bearer', token: 'abc' });
  });

  it.each(['Basic Zm9vOmJhcg==', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc', '', 'Bearer a,b', 'Bearerabc'])(
    'calls any other Authorization header (%j) malformed, never falling back to the cookie',
    (authorization) => {
      expect(presentedCredential(req({ authorization }, { htmse_access: 'cookie-jwt' }))).toEqual({ kind: 'malformed' });
    },
  );

  it('uses the session cookie only when there is no Authorization header', () => {
    expect(presentedCredential(req({}, { htmse_access: 'cookie-jwt' }))).toEqual({ kind: 'cookie', token: 'cookie-jwt' });
    expect(presentedCredential(req({}, {}))).toEqual({ kind: 'none' });
    expect(presentedCredential(req({}, { htmse_access: '' }))).toEqual({ kind: 'none' });
  });
});
