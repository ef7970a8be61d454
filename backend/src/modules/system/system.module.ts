import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SYSTEM_ENTITIES } from './system.entities.js';
import { SystemController } from './system.controller.js';
import { SystemRepository } from './system.repository.js';
import { SystemService } from './system.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(SYSTEM_ENTITIES)],
  controllers: [SystemController],
  providers: [SystemRepository, SystemService],
})
export class SystemModule {}
