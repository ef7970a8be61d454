import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnquiriesController } from './enquiries.controller.js';
import { EnquiriesRepository } from './enquiries.repository.js';
import { EnquiriesService } from './enquiries.service.js';
import { ENQUIRIES_ENTITIES } from './enquiries.entities.js';

/** Tailored-training enquiries from the public form. */
@Module({
  imports: [TypeOrmModule.forFeature(ENQUIRIES_ENTITIES)],
  controllers: [EnquiriesController],
  providers: [EnquiriesRepository, EnquiriesService],
})
export class EnquiriesModule {}
