import { describe, expect, it } from 'vitest';
import { findTagWith, renderHtml } from '#lib/test-helpers.js';
import ProgressBar from './ProgressBar.svelte';

function bar(value: number) {
  const out = renderHtml(ProgressBar, { value, label: 'Course progress' });
  return { out, attrs: findTagWith(out, 'div', 'role', 'progressbar').attrs };
}

describe('ProgressBar', () => {
  it('exposes a named progressbar with min, max and current value', () => {
    const { out, attrs } = bar(42);
    expect(attrs['aria-label']).toBe('Course progress');
    expect(attrs['aria-valuemin']).toBe('0');
    expect(attrs['aria-valuemax']).toBe('100');
    expect(attrs['aria-valuenow']).toBe('42');
    expect(out).toContain('>42%<');
  });

  it('clamps values above 100 to 100', () => {
    const { out, attrs } = bar(140);
    expect(attrs['aria-valuenow']).toBe('100');
    expect(out).toContain('>100%<');
    expect(out).toContain('width: 100%');
  });

  it('clamps values below 0 to 0', () => {
    const { out, attrs } = bar(-5);
    expect(attrs['aria-valuenow']).toBe('0');
    expect(out).toContain('>0%<');
  });

  it('rounds fractions and treats NaN as 0', () => {
    expect(bar(66.6).attrs['aria-valuenow']).toBe('67');
    expect(bar(Number.NaN).attrs['aria-valuenow']).toBe('0');
  });
});
