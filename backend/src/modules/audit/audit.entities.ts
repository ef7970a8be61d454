import { AuditEvent } from './audit-event.entity.js';

export { AuditEvent };
/** Every entity of the audit module, for TypeOrmModule.forFeature and the data source. */
export const AUDIT_ENTITIES = [AuditEvent];
