import { Module } from '@nestjs/common';
import { QueueBoardController } from './queue-board.controller.js';
import { QueueBoardService } from './queue-board.service.js';

/**
 * Bull Board (every queue's jobs, failed ones with their reason, retry) for platform admins, at
 * /api/admin/queues; the web app serves it at /admin/queues. API only: added in api.module.ts.
 */
@Module({ controllers: [QueueBoardController], providers: [QueueBoardService] })
export class QueueBoardModule {}
