import { describe, expect, it } from 'vitest';
import { findTag, renderHtml, textOfId } from '#lib/test-helpers.js';
import TextField from './TextField.svelte';

describe('TextField', () => {
  it('associates the visible label with the input, defaulting the id to the name', () => {
    const out = renderHtml(TextField, { label: 'Email address', name: 'email', type: 'email' });
    expect(findTag(out, 'label').attrs.for).toBe('email');
    const input = findTag(out, 'input');
    expect(input.attrs.id).toBe('email');
    expect(input.attrs.name).toBe('email');
    expect(input.attrs.type).toBe('email');
    expect(out).toContain('Email address');
  });

  it('marks an errored input invalid and points aria-describedby at the error message', () => {
    const out = renderHtml(TextField, {
      label: 'Email address',
      name: 'email',
      error: 'Enter an email address in the correct format'
    });
    const input = findTag(out, 'input');
    expect(input.attrs['aria-invalid']).toBe('true');
    const ids = input.attrs['aria-describedby']?.split(' ') ?? [];
    expect(ids).toEqual(['email-error']);
    expect(textOfId(out, 'email-error')).toBe('Error: Enter an email address in the correct format');
  });

  it('describes the input by both hint and error, hint first', () => {
    const out = renderHtml(TextField, {
      label: 'Password',
      id: 'pw',
      hint: 'At least 12 characters',
      error: 'Password is too short'
    });
    expect(findTag(out, 'input').attrs['aria-describedby']).toBe('pw-hint pw-error');
    expect(textOfId(out, 'pw-hint')).toBe('At least 12 characters');
  });

  it('has no aria-invalid and no error element without an error', () => {
    const out = renderHtml(TextField, { label: 'Name', name: 'name', hint: 'As on your ID' });
    const input = findTag(out, 'input');
    expect(input.attrs).not.toHaveProperty('aria-invalid');
    expect(input.attrs['aria-describedby']).toBe('name-hint');
    expect(out).not.toContain('name-error');
  });

  it('omits aria-describedby entirely when nothing describes the input', () => {
    const out = renderHtml(TextField, { label: 'Name', name: 'name' });
    expect(findTag(out, 'input').attrs).not.toHaveProperty('aria-describedby');
  });

  it('passes value, required, autocomplete and rest props to the input', () => {
    const out = renderHtml(TextField, {
      label: 'Email',
      name: 'email',
      value: 'a@example.org',
      required: true,
      autocomplete: 'email',
      inputmode: 'email'
    });
    const input = findTag(out, 'input');
    expect(input.attrs.value).toBe('a@example.org');
    expect(input.attrs).toHaveProperty('required');
    expect(input.attrs.autocomplete).toBe('email');
    expect(input.attrs.inputmode).toBe('email');
  });

  it('generates an id for a field with neither id nor name, keeping the label associated', () => {
    const out = renderHtml(TextField, { label: 'Search' });
    const id = findTag(out, 'input').attrs.id;
    expect(id).toMatch(/^field-./);
    expect(findTag(out, 'label').attrs.for).toBe(id);
  });
});
