import type { ValidationError } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CreatePingDto } from '../../modules/system/index.js';
import { DomainError, type FieldError } from './domain-error.js';
import { ErrorCode } from './error-code.js';
import { createValidationPipe, toFieldErrors } from './validation.js';

const metadata = { type: 'body' as const, metatype: CreatePingDto };

/** Runs the pipe and returns the DomainError it rejects with (fails the test if it does not). */
async function rejection(value: unknown): Promise<DomainError> {
  const error: unknown = await createValidationPipe()
    .transform(value, metadata)
    .then(
      () => new Error('the pipe accepted the value'),
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function fieldsOf(error: DomainError): FieldError[] {
  return (error.details as { fields: FieldError[] }).fields;
}

describe('createValidationPipe', () => {
  it('turns a valid body into a CreatePingDto', async () => {
    const dto: unknown = await createValidationPipe().transform({ label: 'deploy check', workMs: 250 }, metadata);
    expect(dto).toBeInstanceOf(CreatePingDto);
    expect(dto).toEqual({ label: 'deploy check', workMs: 250 });
  });

  it('accepts a body without the optional field', async () => {
    const dto: unknown = await createValidationPipe().transform({ label: 'x' }, metadata);
    expect(dto).toBeInstanceOf(CreatePingDto);
    expect((dto as CreatePingDto).workMs).toBeUndefined();
  });

  it('refuses an unknown property and names it', async () => {
    const error = await rejection({ label: 'ok', extra: 1 });
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(fieldsOf(error).map((f) => f.field)).toEqual(['extra']);
    expect(error.message).toContain('extra');
  });

  it('refuses an empty label', async () => {
    const error = await rejection({ label: '' });
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(fieldsOf(error).map((f) => f.field)).toEqual(['label']);
  });

  it('refuses a workMs above the maximum', async () => {
    const error = await rejection({ label: 'ok', workMs: 20_000 });
    expect(fieldsOf(error).map((f) => f.field)).toEqual(['workMs']);
  });

  it('refuses a workMs that is not an integer', async () => {
    const error = await rejection({ label: 'ok', workMs: 1.5 });
    expect(fieldsOf(error).map((f) => f.field)).toEqual(['workMs']);
  });

  it('reports every bad field at once, with every reason', async () => {
    const error = await rejection({ workMs: -1, extra: true });
    const fields = fieldsOf(error);
    expect(fields.map((f) => f.field).sort()).toEqual(['extra', 'label', 'workMs']);
    // A missing label breaks both of its rules: not a string, and not 1-200 long.
    expect(fields.find((f) => f.field === 'label')?.reasons.length).toBeGreaterThanOrEqual(2);
  });

  it('never echoes the submitted values back', async () => {
    const error = await rejection({ label: 'ok', workMs: 'hunter2-secret' });
    expect(JSON.stringify(error.details)).not.toContain('hunter2-secret');
    expect(error.message).not.toContain('hunter2-secret');
  });
});

describe('toFieldErrors', () => {
  const err = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
    property,
    constraints,
    children,
  });

  it('keeps top-level fields as they are', () => {
    expect(toFieldErrors([err('label', { isString: 'label must be a string', isLength: 'label is too long' })])).toEqual([
      { field: 'label', reasons: ['label must be a string', 'label is too long'] },
    ]);
  });

  it('flattens nested children into dotted paths and skips levels without constraints', () => {
    const errors = [
      err('items', undefined, [
        err('0', undefined, [err('name', { isNotEmpty: 'name should not be empty' })]),
        err('2', { isObject: 'must be an object' }, [err('price', { min: 'price must not be less than 0' })]),
      ]),
      err('owner', { isDefined: 'owner must be defined' }),
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'items.0.name', reasons: ['name should not be empty'] },
      { field: 'items.2', reasons: ['must be an object'] },
      { field: 'items.2.price', reasons: ['price must not be less than 0'] },
      { field: 'owner', reasons: ['owner must be defined'] },
    ]);
  });

  it('prefixes every path with the given parent', () => {
    expect(toFieldErrors([err('city', { isString: 'bad' })], 'address')).toEqual([{ field: 'address.city', reasons: ['bad'] }]);
  });

  it('answers nothing for no errors', () => {
    expect(toFieldErrors([])).toEqual([]);
  });
});
