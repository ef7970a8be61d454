import { AuditModule } from './audit/audit.module.js';
import { CoursesModule } from './courses/index.js';
import { EnquiriesModule } from './enquiries/enquiries.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { LearningModule } from './learning/index.js';
import { LibraryModule } from './library/index.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { SystemModule } from './system/system.module.js';

/**
 * Feature modules loaded by both the API and the worker: the worker needs their job handlers,
 * the API their controllers. API-only modules (health) are added in api.module.ts.
 */
export const FEATURE_MODULES = [AuditModule, SystemModule, IdentityModule, OrganisationsModule, LibraryModule, CoursesModule, LearningModule, EnquiriesModule];
