import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LIBRARY_ENTITIES } from './library.entities.js';
import { PublicationsController } from './publications.controller.js';
import { PublicationsRepository } from './publications.repository.js';
import { PublicationsService } from './publications.service.js';

/**
 * The publications library: list, facets, full-text search, detail and citations. Publications
 * are written by the content importer (courses/content); which courses teach from one is asked
 * through the PublicationCourses port, which the courses module provides.
 */
@Module({
  imports: [TypeOrmModule.forFeature(LIBRARY_ENTITIES)],
  controllers: [PublicationsController],
  providers: [PublicationsRepository, PublicationsService],
  exports: [PublicationsService],
})
export class LibraryModule {}
