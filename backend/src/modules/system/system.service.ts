import { Inject, Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { DomainError } from '../../common/errors/domain-error.js';
import { LOGGER, PROCESS_ROLE } from '../../common/logging/logging.module.js';
import type { ProcessRole } from '../../common/logging/logger.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import type { CreatePingDto, PingResponseDto } from './system.dto.js';
import type { SystemPing } from './system-ping.entity.js';
import { SystemRepository } from './system.repository.js';

@Injectable()
export class SystemService {
  constructor(
    private readonly repository: SystemRepository,
    private readonly queue: JobQueue,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Writes the ping first (it must not be lost), then queues its job keyed by the ping id. */
  async createPing(dto: CreatePingDto): Promise<PingResponseDto> {
    const ping = await this.repository.createPing(dto.label, dto.workMs ?? 0);
    await this.queue.enqueue('system.ping', { pingId: ping.id }, { jobId: `system.ping-${ping.id}` });
    return toResponse(ping);
  }

  async getPing(id: string): Promise<PingResponseDto> {
    const ping = await this.repository.findPing(id);
    if (!ping) throw DomainError.notFound('Ping');
    return toResponse(ping);
  }

  @OnJob('system.ping')
  async handlePing({ pingId }: JobPayloads['system.ping']): Promise<void> {
    const ping = await this.repository.startPing(pingId);
    if (!ping) {
      this.logger.info({ pingId }, 'ping already done or gone; nothing to do');
      return;
    }
    if (ping.workMs > 0) await sleep(ping.workMs);
    await this.repository.finishPing(pingId, `${this.role}:${hostname()}:${process.pid}`);
  }
}

function toResponse(ping: SystemPing): PingResponseDto {
  return {
    id: ping.id,
    label: ping.label,
    status: ping.status,
    attempts: ping.attempts,
    requestedAt: ping.requestedAt.toISOString(),
    processedAt: ping.processedAt?.toISOString() ?? null,
    processedBy: ping.processedBy,
  };
}
