/** The progress page's address: which course, filter, sort and page, read and written in one place. */
import { isMatrixFilter, isMatrixSort, type MatrixFilter, type MatrixSort } from '#lib/cohorts/matrix.js';
import { readPageState, type PageState } from '#lib/cohorts/pager.js';

export interface ProgressView {
  assignmentId: string;
  filter: MatrixFilter | '';
  sort: MatrixSort;
  page: PageState;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Unknown values are dropped (the page then shows everything, by name), never sent to the API. */
export function readProgressView(params: URLSearchParams): ProgressView {
  const assignmentId = params.get('assignment') ?? '';
  const filter = params.get('filter') ?? '';
  const sort = params.get('sort') ?? '';
  return {
    assignmentId: UUID.test(assignmentId) ? assignmentId : '',
    filter: isMatrixFilter(filter) ? filter : '',
    sort: isMatrixSort(sort) ? sort : 'name',
    page: readPageState(params)
  };
}

/** The query of a view without its page: changing the course, filter or sort starts at the first page. */
export function viewParams(
  view: Pick<ProgressView, 'assignmentId' | 'filter' | 'sort'>,
  changes: Partial<Pick<ProgressView, 'assignmentId' | 'filter' | 'sort'>> = {}
): URLSearchParams {
  const next = { ...view, ...changes };
  const params = new URLSearchParams();
  if (next.assignmentId) params.set('assignment', next.assignmentId);
  if (next.filter) params.set('filter', next.filter);
  if (next.sort && next.sort !== 'name') params.set('sort', next.sort);
  return params;
}
