import { AuditEvent } from '../../modules/audit/audit-event.entity.js';
import { COURSES_ENTITIES } from '../../modules/courses/courses.entities.js';
import { LEARNING_ENTITIES } from '../../modules/learning/learning.entities.js';
import { LIBRARY_ENTITIES } from '../../modules/library/library.entities.js';
import { Enquiry } from '../../modules/enquiries/enquiry.entity.js';
import { EmailToken, KnownDevice, RefreshToken, Session, User } from '../../modules/identity/identity.entities.js';
import { Invitation, Membership, Organisation } from '../../modules/organisations/organisations.entities.js';
import { SystemPing } from '../../modules/system/system-ping.entity.js';
import { RateLimitCounter } from '../rate-limit/rate-limit-counter.entity.js';

/**
 * Every entity, listed explicitly (no globs: they break under ESM and bundling). A feature
 * module adds its entities here and registers them with TypeOrmModule.forFeature.
 */
export const entities = [
  SystemPing,
  User,
  Session,
  RefreshToken,
  EmailToken,
  KnownDevice,
  Organisation,
  Membership,
  Invitation,
  AuditEvent,
  RateLimitCounter,
  ...LIBRARY_ENTITIES,
  ...COURSES_ENTITIES,
  ...LEARNING_ENTITIES,
  Enquiry,
];
