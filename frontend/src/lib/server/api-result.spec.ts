import { describe, expect, it } from 'vitest';
import { callApi, humaniseReason, mapFieldErrors, minutesText, problemOf, rateLimitMessage } from './api-result';

const response = (status: number, headers?: Record<string, string>) => new Response(null, { status, headers });

describe('problemOf', () => {
  it('reads the API error shape, field reasons, details.reason and Retry-After', () => {
    const problem = problemOf(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: { fields: [{ field: 'email', reasons: ['email must be an email address'] }], reason: 'x' },
        requestId: 'r-1'
      },
      response(400, { 'retry-after': '120' })
    );
    expect(problem).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      fields: { email: ['email must be an email address'] },
      reason: 'x',
      retryAfterSeconds: 120,
      requestId: 'r-1'
    });
  });

  it('copes with a body that is not the error shape', () => {
    const problem = problemOf('<html>Bad gateway</html>', response(502));
    expect(problem).toMatchObject({ status: 502, code: 'INTERNAL_ERROR', fields: {} });
    expect(problem.message).toMatch(/try again/i);
  });
});

describe('callApi', () => {
  it('returns the data of a 2xx answer', async () => {
    expect(await callApi(async () => ({ data: { a: 1 }, response: response(200) }))).toEqual({ ok: true, data: { a: 1 }, status: 200 });
  });

  it('turns a thrown fetch (API down) into a 503 problem', async () => {
    const outcome = await callApi(async () => {
      throw new TypeError('fetch failed');
    });
    expect(outcome).toMatchObject({ ok: false, problem: { status: 503, code: 'SERVICE_UNAVAILABLE' } });
  });
});

describe('rate limits', () => {
  it('says how many minutes to wait, rounded up, from Retry-After', () => {
    expect(minutesText(1)).toBe('1 minute');
    expect(minutesText(61)).toBe('2 minutes');
    expect(minutesText(900)).toBe('15 minutes');
    const problem = problemOf({ code: 'RATE_LIMITED', message: 'Too many attempts.' }, response(429, { 'retry-after': '840' }));
    expect(rateLimitMessage(problem)).toBe('Too many attempts. Wait 14 minutes, then try again.');
  });

  it('falls back to the API message without Retry-After', () => {
    const problem = problemOf({ code: 'RATE_LIMITED', message: 'Slow down' }, response(429));
    expect(rateLimitMessage(problem)).toBe('Slow down');
  });
});

describe('field errors', () => {
  const specs = {
    email: { label: 'Email address', missing: 'Enter your email address' },
    displayName: { label: 'Display name', missing: 'Enter your display name' },
    password: { label: 'Password' },
    currentPassword: { field: 'current', label: 'Current password' }
  };

  it('turns validator reasons into sentences, naming the field by its label', () => {
    expect(humaniseReason('email must be an email address', 'email', specs.email)).toBe('Enter an email address in the correct format, like name@example.org');
    expect(humaniseReason('displayName must be longer than or equal to 1 characters', 'displayName', specs.displayName)).toBe('Enter your display name');
    expect(humaniseReason('displayName must be shorter than or equal to 100 characters', 'displayName', specs.displayName)).toBe(
      'Display name must be 100 characters or fewer'
    );
    expect(humaniseReason('password must be at least 12 characters', 'password', specs.password)).toBe('Password must be at least 12 characters');
    expect(humaniseReason('currentPassword is incorrect', 'currentPassword', specs.currentPassword)).toBe('Current password is incorrect');
  });

  it('maps API fields onto form controls and keeps the rest for the top of the form', () => {
    const problem = problemOf(
      {
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: {
          fields: [
            { field: 'currentPassword', reasons: ['currentPassword is incorrect'] },
            { field: 'password', reasons: ['password is one of the most common passwords: choose another', 'other'] },
            { field: 'nickname', reasons: ['property nickname should not exist'] }
          ]
        }
      },
      response(400)
    );
    expect(mapFieldErrors(problem, specs)).toEqual({
      errors: {
        current: 'Current password is incorrect',
        password: 'Password is one of the most common passwords: choose another'
      },
      unmatched: ['property nickname should not exist']
    });
  });
});
