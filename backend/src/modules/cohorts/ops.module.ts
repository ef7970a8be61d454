import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/index.js';
import { AttentionController } from './attention.controller.js';
import { AttentionRepository } from './attention.repository.js';
import { AttentionService } from './attention.service.js';
import { CohortAccess } from './cohort-access.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CompliancePdfRenderer } from './compliance-pdf.js';
import { ComplianceController } from './compliance.controller.js';
import { ComplianceRepository } from './compliance.repository.js';
import { ComplianceService } from './compliance.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { COHORTS_OPS_ENTITIES } from './ops.entities.js';

/**
 * The cohorts module's operational part (imported by CohortsModule): the needs-attention queue and
 * one-click reminders, due-date reminders and the weekly digest, the compliance report.
 * docs/cohorts.md#needs-attention, #notifications, #compliance-report.
 */
@Module({
  imports: [TypeOrmModule.forFeature(COHORTS_OPS_ENTITIES), AuditModule],
  controllers: [AttentionController, NotificationsController, ComplianceController],
  providers: [
    AttentionRepository,
    AttentionService,
    // The cohort access rule, shared with the cohorts' own routes (stateless: a second instance here).
    CohortAccess,
    CohortsRepository,
    NotificationsRepository,
    NotificationsService,
    ComplianceRepository,
    ComplianceService,
    CompliancePdfRenderer,
  ],
})
export class CohortsOpsModule {}
