import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LessonAccessPolicy } from './catalogue.access.js';
import { CoursesController, LessonsController, PublicationsController } from './catalogue.controller.js';
import { CATALOGUE_ENTITIES } from './catalogue.entities.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { CatalogueService } from './catalogue.service.js';

/** The publications library, courses, modules and lessons (read side). Content is written by the importer. */
@Module({
  imports: [TypeOrmModule.forFeature(CATALOGUE_ENTITIES)],
  controllers: [PublicationsController, CoursesController, LessonsController],
  providers: [CatalogueRepository, CatalogueService, LessonAccessPolicy],
  exports: [CatalogueService],
})
export class CatalogueModule {}
