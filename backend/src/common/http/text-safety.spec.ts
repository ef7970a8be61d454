import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError, type FieldError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { findUnsafeText, refuseUnsafeText, unsafeTextReason, UnsafeTextPipe } from './text-safety.js';

describe('unsafeTextReason', () => {
  it.each([
    ['plain ASCII', 'ana@example.org'],
    ['accents and other scripts', 'Fundação Ação Já! 人身売買 حماية'],
    ['a correctly paired surrogate (emoji)', 'team 🙂 room'],
    ['the empty string', ''],
    ['U+FFFD, what a broken byte sequence decodes to', 'a\ufffdb'],
  ])('accepts %s', (_label, text) => {
    expect(unsafeTextReason(text)).toBeNull();
  });

  it.each([
    ['a NUL', 'a\u0000b', /NUL/],
    ['a NUL at the end', 'abc\u0000', /NUL/],
    ['a lone high surrogate', '\ud800@example.org', /unpaired surrogate/],
    ['a high surrogate at the end', 'abc\ud83d', /unpaired surrogate/],
    ['a lone low surrogate', 'a\udc00b', /unpaired surrogate/],
    ['two high surrogates', '\ud83d\ud83d\ude42', /unpaired surrogate/],
  ])('refuses %s', (_label, text, reason) => {
    expect(unsafeTextReason(text)).toMatch(reason);
  });
});

describe('findUnsafeText', () => {
  it('finds nothing in ordinary values', () => {
    expect(findUnsafeText({ email: 'a@b.org', items: [{ name: 'x' }, 3, null, true], nested: { deep: ['🙂'] } })).toBeNull();
    expect(findUnsafeText(undefined)).toBeNull();
    expect(findUnsafeText(42)).toBeNull();
  });

  it('names the field with a dotted path like the validation pipe', () => {
    expect(findUnsafeText({ email: '\ud800' })).toEqual({ field: 'email', reasons: [expect.stringMatching(/^email must be valid Unicode text/)] });
    expect(findUnsafeText({ items: [{ name: 'ok' }, { name: 'a\u0000' }] })?.field).toBe('items.1.name');
    expect(findUnsafeText({ q: 'x\u0000' })?.field).toBe('q');
  });

  it('names the holder, not the bad name, when a key is not valid text', () => {
    const problem = findUnsafeText({ profile: { ['a\u0000b']: 1 } });
    expect(problem?.field).toBe('profile');
    expect(problem?.reasons[0]).not.toContain('\u0000');
    expect(findUnsafeText({ ['\ud800']: 1 })?.field).toBe('body');
    expect(findUnsafeText({ ['a\u0000']: '1' }, '', 'query')?.field).toBe('query');
  });

  it('uses the given root for a bare value (a route parameter)', () => {
    expect(findUnsafeText('a\u0000', 'slug')).toEqual({ field: 'slug', reasons: [expect.stringMatching(/^slug must not contain/)] });
  });

  it('walks a deep value without recursion', () => {
    let value: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(findUnsafeText(value)?.field).toMatch(/^0(\.0)+$/);
  });
});

function fields(error: unknown): FieldError[] {
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(ErrorCode.ValidationFailed);
  return ((error as DomainError).details as { fields: FieldError[] }).fields;
}

describe('refuseUnsafeText (middleware)', () => {
  const run = (req: Partial<FastifyRequest>) => {
    let passed: unknown = 'not called';
    refuseUnsafeText(req as FastifyRequest, {} as FastifyReply, (err?: unknown) => (passed = err));
    return passed;
  };

  it('lets clean requests through', () => {
    expect(run({ body: { email: 'a@b.org' }, query: { q: 'slavery' } })).toBeUndefined();
    expect(run({ body: undefined, query: {} })).toBeUndefined();
  });

  it('refuses a bad body field or query parameter with a 400 naming it', () => {
    expect(fields(run({ body: { displayName: 'Ana\u0000' }, query: {} }))[0]!.field).toBe('displayName');
    expect(fields(run({ body: {}, query: { topic: '\u0000' } }))[0]!.field).toBe('topic');
    expect(fields(run({ body: {}, query: { ['x\u0000']: 'y' } }))[0]!.field).toBe('query');
  });
});

describe('UnsafeTextPipe', () => {
  const pipe = new UnsafeTextPipe();

  it('passes values through unchanged', () => {
    const body = { a: 'b' };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('slug', { type: 'param', data: 'slug' })).toBe('slug');
  });

  it('names a route parameter by its name', () => {
    let error: unknown;
    try {
      pipe.transform('a\u0000b', { type: 'param', data: 'courseSlug' });
    } catch (e) {
      error = e;
    }
    expect(fields(error)[0]!.field).toBe('courseSlug');
  });

  it('leaves custom parameters (the actor, request metadata) alone', () => {
    const meta = { userAgent: 'x\u0000' };
    expect(pipe.transform(meta, { type: 'custom' })).toBe(meta);
  });
});
