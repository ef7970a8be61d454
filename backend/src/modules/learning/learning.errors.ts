import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The learning module's own error codes, each with its HTTP status. */
export const LearningErrors = moduleErrorCodes({
  CourseNotPublished: {
    code: 'COURSE_NOT_PUBLISHED',
    status: 422,
    meaning: 'The course is not published at the moment, so an enrolment cannot move to its current version.',
  },
});
