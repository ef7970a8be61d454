import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { MAX_INLINE_REJECTED, rejectedRowsCsv } from '#lib/cohorts/import-report.js';
import type { ImportReport } from '#lib/cohorts/types.js';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from '#lib/server/api-event.js';
import { importMembers } from '#lib/server/cohorts-api.js';
import { failForm } from '#lib/server/form-result.js';
import { formFailure } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The API's limits for one import (it answers 413 past them); checked here first to spare the upload. */
const MAX_BYTES = 2 * 1024 * 1024;

export interface ImportState extends FormState {
  report?: Omit<ImportReport, 'rejectedCsv'>;
  /** The rejected rows of the uploaded file, with its header, when small enough to put in the page. */
  rejectedCsv?: string;
  fileName?: string;
}

/** The report without its file of refused rows (the page gets that once, as `rejectedCsv`). */
function withoutFile({ rejectedCsv: _file, ...rest }: ImportReport): Omit<ImportReport, 'rejectedCsv'> {
  return rest;
}

export const load: PageServerLoad = async (event) => {
  const { canManage, cohort } = await event.parent();
  if (!canManage) error(403, 'Only organisation admins may import members.');
  if (cohort.archivedAt) error(409, 'This cohort is archived: restore it to add members.');
  return {};
};

export const actions: Actions = {
  /**
   * A multipart form post (works without JavaScript): the file's text goes to the API, which checks
   * every row first, imports the valid ones and reports the others by line, field and reason.
   */
  import: async (event) => {
    if (!UUID.test(event.params.cohortId)) error(404, 'Cohort not found');
    const data = await event.request.formData();
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      return failForm<ImportState>(400, { form: 'import', errors: { file: file instanceof File && file.name ? 'The file is empty' : 'Choose a CSV file' } });
    }
    if (file.size > MAX_BYTES) {
      return failForm<ImportState>(413, {
        form: 'import',
        errors: { file: 'The file must be 2 MB or smaller, and at most 20,000 rows. Split it and import each part.' }
      });
    }
    if (!/\.csv$/i.test(file.name) && !/csv|text\/plain|ms-excel/i.test(file.type)) {
      return failForm<ImportState>(415, { form: 'import', errors: { file: 'The file must be a CSV file (.csv). Save a spreadsheet as “CSV UTF-8” first.' } });
    }
    const csv = await file.text();
    const outcome = await importMembers(apiFor(event), event.params.cohortId, csv);
    if (!outcome.ok) {
      return formFailure<ImportState>(
        outcome.problem,
        event,
        { form: 'import', fileName: file.name },
        {
          on: {
            'too-large': () => ({
              errors: { file: 'The file is too large for one import (at most 2 MB and 20,000 rows). Split it into smaller files and import each.' }
            }),
            // Seats, or an archived cohort: nothing was imported, and the reason is about the cohort, not the file.
            conflict: (problem) => ({ problem: `Nothing was imported. ${problem.message}` }),
            'rule-broken': (problem) => ({ problem: `Nothing was imported. ${problem.message}` }),
            'unsupported-media': () => ({ errors: { file: 'The file must be a CSV file (.csv).' } }),
            validation: (problem) => ({ errors: { file: Object.values(problem.fields)[0]?.[0] ?? problem.message } }),
            'bad-request': (problem) => ({ errors: { file: problem.message } })
          }
        }
      );
    }
    const report = outcome.data;
    // The API's own file of refused rows (with an "errors" column) when it sends one; else the same rows cut from the upload.
    const rejected = report.rejectedCsv || (report.errors.length > 0 ? rejectedRowsCsv(csv, report.errors) : '');
    return {
      form: 'import',
      fileName: file.name,
      // The page gets the file of rejected rows once, below, not twice.
      report: withoutFile(report),
      rejectedCsv: rejected && rejected.length <= MAX_INLINE_REJECTED ? rejected : undefined
    } satisfies ImportState;
  }
};
