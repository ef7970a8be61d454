// The audit module's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { AuditModule } from './audit.module.js';
export { AuditService, AUDIT_ACTIONS, type AuditAction, type AuditEventView, type AuditRecord } from './audit.service.js';
