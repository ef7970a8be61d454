import type { ModuleErrorCode } from '../common/errors/error-code.js';
import { AssessmentErrors } from './assessment/index.js';
import { CertificatesErrors } from './certificates/index.js';
import { CohortsErrors, CohortsOpsErrors } from './cohorts/index.js';
import { CoursesErrors } from './courses/index.js';
import { IdentityErrors } from './identity/index.js';
import { LearningErrors } from './learning/index.js';
import { OrganisationsErrors } from './organisations/index.js';

/**
 * Every module's own error codes (`<module>.errors.ts`), for the OpenAPI document's ErrorCode enum
 * (and so the web app's generated client) and docs/api.md. A module that adds a codes file adds it here.
 */
export const MODULE_ERROR_CODES: readonly ModuleErrorCode[] = [
  IdentityErrors,
  OrganisationsErrors,
  CoursesErrors,
  LearningErrors,
  AssessmentErrors,
  CertificatesErrors,
  CohortsErrors,
  CohortsOpsErrors,
].flatMap((codes) => Object.values(codes));
