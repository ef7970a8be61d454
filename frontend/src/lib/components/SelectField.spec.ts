import { describe, expect, it } from 'vitest';
import { findTag, findTags, renderHtml } from '#lib/test-helpers.js';
import SelectField from './SelectField.svelte';

const options = [
  { value: 'ngo', label: 'NGO' },
  { value: 'police', label: 'Police' }
];

describe('SelectField', () => {
  it('renders a placeholder plus one option per entry and selects the value', () => {
    const out = renderHtml(SelectField, {
      label: 'Sector',
      name: 'sector',
      options,
      placeholder: 'Choose a sector',
      value: 'police'
    });
    const rendered = findTags(out, 'option');
    expect(rendered.map((o) => o.attrs.value)).toEqual(['', 'ngo', 'police']);
    expect(rendered[2]?.attrs).toHaveProperty('selected');
    expect(rendered[1]?.attrs).not.toHaveProperty('selected');
  });

  it('marks the select invalid and describes it by the error', () => {
    const out = renderHtml(SelectField, {
      label: 'Sector',
      name: 'sector',
      options,
      error: 'Select a sector'
    });
    const select = findTag(out, 'select');
    expect(select.attrs['aria-invalid']).toBe('true');
    expect(select.attrs['aria-describedby']).toBe('sector-error');
  });
});
