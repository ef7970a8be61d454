import { Module } from '@nestjs/common';
import { AUTHORING_CONTROLLERS, AUTHORING_PROVIDERS } from './authoring.parts.js';

/** INTERIM, until AssessmentModule exists on main: its authoring parts are then listed there and this file goes. */
@Module({ controllers: AUTHORING_CONTROLLERS, providers: AUTHORING_PROVIDERS })
export class InterimAuthoringModule {}
