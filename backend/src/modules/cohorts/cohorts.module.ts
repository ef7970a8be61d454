import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { COHORTS_ENTITIES } from './cohorts.entities.js';
import { CohortsOpsModule } from './ops.module.js';

/**
 * Cohorts: an organisation's groups of people, their trainers, course assignments with due dates,
 * CSV import, the trainer's progress views and exports. docs/cohorts.md.
 */
@Module({
  imports: [TypeOrmModule.forFeature(COHORTS_ENTITIES), CohortsOpsModule],
  controllers: [],
  providers: [],
})
export class CohortsModule {}
