import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemPing } from './system-ping.entity.js';
import { SystemController } from './system.controller.js';
import { SystemRepository } from './system.repository.js';
import { SystemService } from './system.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([SystemPing])],
  controllers: [SystemController],
  providers: [SystemRepository, SystemService],
})
export class SystemModule {}
