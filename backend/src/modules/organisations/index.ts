// The organisations module's face: what other modules may use. Nothing else in this folder is imported from outside it.
// Memberships are read by others through the MembershipReader port (common/auth), which this module provides.
export { OrganisationsModule } from './organisations.module.js';
export { OrganisationsErrors } from './organisations.errors.js';
// Entity types for other modules' relations (string targets, type-only: no import at run time).
export type { Invitation, Organisation } from './organisations.entities.js';
