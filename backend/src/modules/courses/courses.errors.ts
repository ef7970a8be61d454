import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The courses module's own error codes, each with its HTTP status. */
export const CoursesErrors = moduleErrorCodes({
  ContentManagedByFiles: {
    code: 'CONTENT_MANAGED_BY_FILES',
    status: 422,
    meaning: 'The course, module or lesson is imported from backend/content: edit the file, not the API.',
  },
  MarkdownRefused: {
    code: 'MARKDOWN_REFUSED',
    status: 422,
    meaning: 'Lesson Markdown the renderer refused (too complex, or nested too deeply), named in details.fields.',
  },
  StorageQuotaExceeded: {
    code: 'STORAGE_QUOTA_EXCEEDED',
    status: 413,
    meaning: 'An upload would take its organisation (or the platform) over its storage quota (details: the numbers).',
  },
});
