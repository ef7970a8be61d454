import { describe, expect, it, vi } from 'vitest';
import { describedBy, focusFirstError, focusProblem, summaryOf } from './forms';

describe('describedBy', () => {
  it('joins present ids with spaces and skips empty ones', () => {
    expect(describedBy('email-hint', undefined, false, null, '', 'email-error')).toBe('email-hint email-error');
  });

  it('returns undefined rather than an empty attribute when nothing describes the control', () => {
    expect(describedBy(undefined, false, '')).toBeUndefined();
  });
});

describe('focusFirstError', () => {
  function fakeForm(control: { focus: () => void } | null) {
    const querySelector = vi.fn(() => control);
    return { form: { querySelector } as unknown as HTMLFormElement, querySelector };
  }

  it('focuses and returns the first control marked aria-invalid', () => {
    const control = { focus: vi.fn() };
    const { form, querySelector } = fakeForm(control);

    expect(focusFirstError(form)).toBe(control);
    expect(querySelector).toHaveBeenCalledWith('[aria-invalid="true"]');
    expect(control.focus).toHaveBeenCalledOnce();
  });

  it('returns null and does nothing when the form has no invalid control', () => {
    const { form } = fakeForm(null);
    expect(focusFirstError(form)).toBeNull();
  });
});

describe('focusProblem', () => {
  it('focuses the error summary when the form has one', () => {
    const summary = { focus: vi.fn() };
    const control = { focus: vi.fn() };
    const querySelector = vi.fn((selector: string) => (selector === '[data-error-summary]' ? summary : control));
    expect(focusProblem({ querySelector } as unknown as HTMLFormElement)).toBe(summary);
    expect(summary.focus).toHaveBeenCalledOnce();
    expect(control.focus).not.toHaveBeenCalled();
  });

  it('falls back to the first invalid control', () => {
    const control = { focus: vi.fn() };
    const querySelector = vi.fn((selector: string) => (selector === '[data-error-summary]' ? null : control));
    expect(focusProblem({ querySelector } as unknown as HTMLFormElement)).toBe(control);
    expect(control.focus).toHaveBeenCalledOnce();
  });
});

describe('summaryOf', () => {
  it('lists errors in the order of the controls, then any others', () => {
    expect(summaryOf({ password: 'P', other: 'O', email: 'E' }, ['email', 'password'])).toEqual([
      { field: 'email', message: 'E' },
      { field: 'password', message: 'P' },
      { field: 'other', message: 'O' }
    ]);
  });

  it('is empty without errors', () => {
    expect(summaryOf(undefined)).toEqual([]);
    expect(summaryOf(null, ['email'])).toEqual([]);
  });
});
