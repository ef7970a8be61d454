// The identity module's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { IdentityModule } from './identity.module.js';
export { AccountsService } from './accounts.service.js';
export { hashPassword } from './passwords.js';
export { IdentityErrors } from './identity.errors.js';
export { IDENTITY_JOBS } from './identity.jobs.js';
// Entity types for other modules' relations (string targets, type-only: no import at run time).
export type { User } from './identity.entities.js';
