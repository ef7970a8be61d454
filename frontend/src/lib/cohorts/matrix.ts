/**
 * The trainer's progress matrix: what each state is called and how it is marked. A state is always
 * said in words and with a distinct symbol, never by colour alone (WCAG 1.4.1); the colour only
 * repeats it.
 */
import type { MatrixCell, MatrixModule, MatrixRow, ModuleState } from './types';

export interface StateLook {
  /** The words, read by everyone (and by screen readers). */
  label: string;
  /** A symbol that differs in shape, not only in colour: hidden from screen readers (the label says it). */
  symbol: string;
  /** CSS modifier: matrix-cell--<tone>. */
  tone: 'none' | 'partial' | 'done' | 'late' | 'risk';
}

export const MODULE_STATES: Record<ModuleState, StateLook> = {
  not_started: { label: 'Not started', symbol: '○', tone: 'none' },
  in_progress: { label: 'In progress', symbol: '◐', tone: 'partial' },
  complete: { label: 'Complete', symbol: '●', tone: 'done' }
};

/** A state the API may add later is shown by its own name rather than hidden. */
function humanise(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Unknown';
}

export function moduleStateLook(state: string): StateLook {
  return (MODULE_STATES as Record<string, StateLook | undefined>)[state] ?? { label: humanise(state), symbol: '?', tone: 'none' };
}

/** The learner's state on the course as a whole (the row's "Status" column); overdue and at risk are flags beside it. */
const LEARNER_STATES: Record<string, StateLook> = {
  not_started: { label: 'Not started', symbol: '○', tone: 'none' },
  'not-started': { label: 'Not started', symbol: '○', tone: 'none' },
  in_progress: { label: 'In progress', symbol: '◐', tone: 'partial' },
  'in-progress': { label: 'In progress', symbol: '◐', tone: 'partial' },
  complete: { label: 'Completed', symbol: '●', tone: 'done' },
  completed: { label: 'Completed', symbol: '●', tone: 'done' },
  overdue: { label: 'Overdue', symbol: '!', tone: 'late' },
  at_risk: { label: 'At risk', symbol: '▲', tone: 'risk' },
  'at-risk': { label: 'At risk', symbol: '▲', tone: 'risk' }
};

export function learnerStateLook(state: string): StateLook {
  return LEARNER_STATES[state] ?? { label: humanise(state), symbol: '?', tone: 'none' };
}

/**
 * A quiz score as a whole percent. The API sends 0-100; a value at most 1 that is not a whole
 * number is read as a fraction (0.85 -> 85%) so a change of scale does not show 1%.
 */
export function scoreText(score: number | null | undefined): string | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  const percent = score > 0 && score < 1 ? score * 100 : score;
  return `${Math.round(Math.min(100, Math.max(0, percent)))}%`;
}

export interface CellView extends StateLook {
  moduleId: string;
  score: string | null;
  /** Everything a screen reader user hears for the cell, e.g. "Complete, score 85%". */
  text: string;
}

/**
 * One row's cells in the order of the matrix's modules. A module the row does not mention (e.g. one
 * added to the course after the page of rows was read) is "Not started", so columns always line up.
 */
export function rowCells(modules: MatrixModule[], row: Pick<MatrixRow, 'modules'>): CellView[] {
  const byId = new Map<string, MatrixCell>(row.modules.map((cell) => [cell.moduleId, cell]));
  return modules.map((module) => {
    const cell = byId.get(module.id);
    const look = moduleStateLook(cell?.state ?? 'not_started');
    const score = scoreText(cell?.score);
    return { ...look, moduleId: module.id, score, text: score ? `${look.label}, score ${score}` : look.label };
  });
}

/** "3 of 5 modules complete". */
export function rowProgress(modules: MatrixModule[], row: Pick<MatrixRow, 'modules'>): { complete: number; total: number; text: string } {
  const complete = rowCells(modules, row).filter((cell) => cell.tone === 'done').length;
  const total = modules.length;
  return { complete, total, text: `${complete} of ${total} ${total === 1 ? 'module' : 'modules'} complete` };
}

/** The filters the matrix offers (the API's `filter` values), in the order shown. */
export const MATRIX_FILTERS = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'at-risk', label: 'At risk' },
  { value: 'not-started', label: 'Not started' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'completed', label: 'Completed' }
] as const;

export type MatrixFilter = (typeof MATRIX_FILTERS)[number]['value'];

/** Every sort is ascending (the API's order): the label says what comes first. */
export const MATRIX_SORTS = [
  { value: 'name', label: 'Name (A to Z)' },
  { value: 'progress', label: 'Progress (least first)' },
  { value: 'last-activity', label: 'Last activity (longest ago first)' }
] as const;

export type MatrixSort = (typeof MATRIX_SORTS)[number]['value'];

export function isMatrixFilter(value: string): value is MatrixFilter {
  return MATRIX_FILTERS.some((f) => f.value === value);
}

export function isMatrixSort(value: string): value is MatrixSort {
  return MATRIX_SORTS.some((s) => s.value === value);
}

/** The row's flags in words, each with its own symbol: overdue, at risk, invited. */
export function rowFlags(row: { overdue?: boolean; atRisk?: boolean; pending?: boolean }): StateLook[] {
  const flags: StateLook[] = [];
  if (row.overdue) flags.push(LEARNER_STATES.overdue!);
  if (row.atRisk) flags.push(LEARNER_STATES.at_risk!);
  if (row.pending) flags.push({ label: 'Invited, not signed up yet', symbol: '✉', tone: 'none' });
  return flags;
}
