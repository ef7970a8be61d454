import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The learning module's own error codes, each with its HTTP status. */
export const LearningErrors = moduleErrorCodes({
  CourseNotPublished: {
    code: 'COURSE_NOT_PUBLISHED',
    status: 422,
    meaning: 'The course is not published at the moment, so an enrolment cannot move to its current version.',
  },
  NotEnrolled: {
    code: 'NOT_ENROLLED',
    status: 409,
    meaning: 'Progress is recorded only on a course you are enrolled on: enrol first.',
  },
  RetakeNotAllowed: {
    code: 'RETAKE_NOT_ALLOWED',
    status: 409,
    meaning: 'A course can be re-taken once it has been completed.',
  },
});
