import { describe, expect, it, vi } from 'vitest';
import { describedBy, focusFirstError } from './forms';

describe('describedBy', () => {
  it('joins present ids with spaces and skips empty ones', () => {
    expect(describedBy('email-hint', undefined, false, null, '', 'email-error')).toBe(
      'email-hint email-error'
    );
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
