import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The cohorts module's own error codes, each with its HTTP status. */
export const CohortsErrors = moduleErrorCodes({
  SeatLimitReached: {
    code: 'SEAT_LIMIT_REACHED',
    status: 409,
    meaning: "The change would put more people in the organisation's cohorts than its licence has seats; details give seatLimit, seatsUsed and seatsNeeded.",
  },
  CohortNameTaken: {
    code: 'COHORT_NAME_TAKEN',
    status: 409,
    meaning: 'Another cohort of the organisation that is not archived has this name.',
  },
  CohortArchived: {
    code: 'COHORT_ARCHIVED',
    status: 409,
    meaning: 'The cohort is archived: unarchive it before changing its members, trainers or assignments.',
  },
  AlreadyAssigned: {
    code: 'COURSE_ALREADY_ASSIGNED',
    status: 409,
    meaning: 'The course is already assigned to this cohort: change that assignment instead.',
  },
});
