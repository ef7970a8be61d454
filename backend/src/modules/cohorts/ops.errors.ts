import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** Error codes of the cohorts module's needs-attention, notification and compliance parts (with its own in cohorts.errors.ts). */
export const CohortsOpsErrors = moduleErrorCodes({
  ReminderRateLimited: {
    code: 'REMINDER_ALREADY_SENT_TODAY',
    status: 429,
    meaning:
      'The learner has already been sent a reminder today (UTC), by you or another trainer; details give retryAfterSeconds (also the Retry-After header).',
  },
  ReportTooLargeForPdf: {
    code: 'REPORT_TOO_LARGE_FOR_PDF',
    status: 422,
    meaning: 'The compliance report has more rows than a PDF may hold; details give rows and maxRows. Download the CSV or XLSX instead.',
  },
});
