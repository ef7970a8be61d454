import { OutboxMessage } from '../infra/queue/outbox-message.entity.js';
import { RateLimitCounter } from '../infra/rate-limit/rate-limit-counter.entity.js';
import { ASSESSMENT_ENTITIES } from './assessment/assessment.entities.js';
import { AUDIT_ENTITIES } from './audit/audit.entities.js';
import { CERTIFICATES_ENTITIES } from './certificates/certificates.entities.js';
import { COHORTS_ENTITIES } from './cohorts/cohorts.entities.js';
import { COHORTS_OPS_ENTITIES } from './cohorts/ops.entities.js';
import { COURSES_ENTITIES } from './courses/courses.entities.js';
import { ENQUIRIES_ENTITIES } from './enquiries/enquiries.entities.js';
import { IDENTITY_ENTITIES } from './identity/identity.entities.js';
import { LEARNING_ENTITIES } from './learning/learning.entities.js';
import { LIBRARY_ENTITIES } from './library/library.entities.js';
import { ORGANISATIONS_ENTITIES } from './organisations/organisations.entities.js';
import { SYSTEM_ENTITIES } from './system/system.entities.js';

/**
 * Every entity, for the data sources made outside Nest (migrations, the CLI, the tests): each
 * module's own list (`<module>.entities.ts`), no globs (they break under ESM and bundling). The
 * Nest apps do not use this list: each module registers its entities with
 * TypeOrmModule.forFeature and the root connection loads them (autoLoadEntities).
 */
export const ALL_ENTITIES = [
  ...SYSTEM_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...ORGANISATIONS_ENTITIES,
  ...AUDIT_ENTITIES,
  RateLimitCounter,
  OutboxMessage,
  ...LIBRARY_ENTITIES,
  ...COURSES_ENTITIES,
  ...LEARNING_ENTITIES,
  ...ASSESSMENT_ENTITIES,
  ...ENQUIRIES_ENTITIES,
  ...CERTIFICATES_ENTITIES,
  ...COHORTS_ENTITIES,
  ...COHORTS_OPS_ENTITIES,
];
