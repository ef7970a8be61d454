import { AssessmentModule } from './assessment/index.js';
import { AuditModule } from './audit/index.js';
import { CertificatesModule } from './certificates/index.js';
import { CohortsModule } from './cohorts/index.js';
import { CoursesModule } from './courses/index.js';
import { EnquiriesModule } from './enquiries/index.js';
import { IdentityModule } from './identity/index.js';
import { LearningModule } from './learning/index.js';
import { LibraryModule } from './library/index.js';
import { OrganisationsModule } from './organisations/index.js';
import { SystemModule } from './system/index.js';

/**
 * Feature modules loaded by both the API and the worker: the worker needs their job handlers,
 * the API their controllers. API-only modules (health) are added in api.module.ts.
 */
export const FEATURE_MODULES = [
  AuditModule,
  SystemModule,
  IdentityModule,
  OrganisationsModule,
  LibraryModule,
  CoursesModule,
  LearningModule,
  AssessmentModule,
  EnquiriesModule,
  CertificatesModule,
  CohortsModule,
];
