import { describe, expect, it } from 'vitest';
import { findTag, findTags, html1, renderHtml, textOf } from '#lib/test-helpers.js';
import DataTable from './DataTable.svelte';
import type { DataTableColumn } from './types';

interface Learner {
  name: string;
  progress: number;
}

const columns: DataTableColumn<Learner>[] = [
  { key: 'name', header: 'Learner' },
  { key: 'progress', header: 'Progress', align: 'end' }
];

const rows: Learner[] = [
  { name: 'Ada', progress: 40 },
  { name: 'Grace', progress: 100 },
  { name: 'Linus', progress: 0 }
];

function tbody(out: string): string {
  return /<tbody[^>]*>([\s\S]*)<\/tbody>/.exec(out)?.[1] ?? '';
}

describe('DataTable', () => {
  it('renders the caption and column headers scoped to columns', () => {
    const out = renderHtml(DataTable<Learner>, { caption: 'Cohort progress', columns, rows });
    expect(out).toMatch(/<caption[^>]*>Cohort progress<\/caption>/);
    const headers = findTags(out, 'th');
    expect(headers).toHaveLength(2);
    expect(headers.every((th) => th.attrs.scope === 'col')).toBe(true);
  });

  it('renders one row per item with default cell text', () => {
    const out = renderHtml(DataTable<Learner>, { caption: 'Cohort progress', columns, rows });
    const body = tbody(out);
    expect(findTags(body, 'tr')).toHaveLength(3);
    expect(textOf(body)).toBe('Ada 40 Grace 100 Linus 0');
  });

  it('shows the empty message in a single full-width row when there are no rows', () => {
    const out = renderHtml(DataTable<Learner>, {
      caption: 'Cohort progress',
      columns,
      rows: [],
      empty: 'No learners enrolled yet.'
    });
    const body = tbody(out);
    expect(findTags(body, 'tr')).toHaveLength(1);
    expect(findTag(body, 'td').attrs.colspan).toBe('2');
    expect(textOf(body)).toBe('No learners enrolled yet.');
  });

  it('marks the table busy and shows a status row instead of rows while loading', () => {
    const out = renderHtml(DataTable<Learner>, {
      caption: 'Cohort progress',
      columns,
      rows,
      loading: true
    });
    expect(findTag(out, 'table').attrs['aria-busy']).toBe('true');
    const body = tbody(out);
    expect(findTags(body, 'tr')).toHaveLength(1);
    expect(body).toContain('role="status"');
    expect(textOf(body)).toBe('Loading…');
  });

  it('is not busy when not loading', () => {
    const out = renderHtml(DataTable<Learner>, { caption: 'C', columns, rows });
    expect(findTag(out, 'table').attrs).not.toHaveProperty('aria-busy');
  });

  it('wraps the table in a focusable, named scroll region', () => {
    const out = renderHtml(DataTable<Learner>, { caption: 'Cohort progress', columns, rows });
    const region = findTag(out, 'div');
    expect(region.attrs.role).toBe('region');
    expect(region.attrs.tabindex).toBe('0');
    expect(region.attrs['aria-label']).toBe('Cohort progress');
  });

  it('uses a column cell snippet and row headers when asked', () => {
    const out = renderHtml(DataTable<Learner>, {
      caption: 'Cohort progress',
      columns: [
        { key: 'name', header: 'Learner', rowHeader: true },
        { key: 'progress', header: 'Progress', cell: html1<Learner>((r) => `<b>${r.progress}% done</b>`) }
      ],
      rows: [rows[0]!]
    });
    const body = tbody(out);
    expect(findTag(body, 'th').attrs.scope).toBe('row');
    expect(body).toContain('<b>40% done</b>');
  });

  it('can hide the caption visually while keeping it in the table', () => {
    const out = renderHtml(DataTable<Learner>, {
      caption: 'Cohort progress',
      captionHidden: true,
      columns,
      rows
    });
    expect(findTag(out, 'caption').attrs.class).toContain('visually-hidden');
  });
});
