import { CreateSystemPings1764300000000 } from './1764300000000-create-system-pings.js';
import { CreateIdentityAndOrganisations1764400000000 } from './1764400000000-create-identity-and-organisations.js';
import { CreateCatalogue1764500000000 } from './1764500000000-create-catalogue.js';
import { CreateEnrolmentsTailoredCoursesEnquiries1764600000000 } from './1764600000000-create-enrolments-tailored-courses-enquiries.js';
import { CreateKnownDevices1764700000000 } from './1764700000000-create-known-devices.js';
import { CreateUploads1764707000000 } from './1764707000000-create-uploads.js';
import { AddLessonBodyHtml1764708000000 } from './1764708000000-add-lesson-body-html.js';
import { ContentCare1764800000000 } from './1764800000000-content-care.js';
import { AddOrganisationSupport1764810000000 } from './1764810000000-add-organisation-support.js';
import { CreateLessonReflections1764810100000 } from './1764810100000-create-lesson-reflections.js';
import { CreateAssessment1764820000000 } from './1764820000000-create-assessment.js';
import { CreateProgressAndCompletion1764830000000 } from './1764830000000-create-progress-and-completion.js';
import { CreateLearningStatements1764835000000 } from './1764835000000-create-learning-statements.js';
import { IndexLapsedAttempts1764836000000 } from './1764836000000-index-lapsed-attempts.js';
import { CreateCertificates1764840000000 } from './1764840000000-create-certificates.js';
import { CreateCohorts1764850000000 } from './1764850000000-create-cohorts.js';
import { CreateCohortNotifications1764855000000 } from './1764855000000-create-cohort-notifications.js';
import { CoverLessonProgressIndex1764856000000 } from './1764856000000-cover-lesson-progress-index.js';
import { CertificateHolderErasure1764862000000 } from './1764862000000-certificate-holder-erasure.js';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const migrations = [
  CreateSystemPings1764300000000,
  CreateIdentityAndOrganisations1764400000000,
  CreateCatalogue1764500000000,
  CreateEnrolmentsTailoredCoursesEnquiries1764600000000,
  CreateKnownDevices1764700000000,
  CreateUploads1764707000000,
  AddLessonBodyHtml1764708000000,
  ContentCare1764800000000,
  AddOrganisationSupport1764810000000,
  CreateLessonReflections1764810100000,
  CreateAssessment1764820000000,
  CreateProgressAndCompletion1764830000000,
  CreateLearningStatements1764835000000,
  IndexLapsedAttempts1764836000000,
  CreateCertificates1764840000000,
  CreateCohorts1764850000000,
  CreateCohortNotifications1764855000000,
  CoverLessonProgressIndex1764856000000,
  CertificateHolderErasure1764862000000,
];
