import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logging.module.js';
import { JobQueue } from '../queue/job-queue.js';
import type { JobPayloads } from '../queue/job.types.js';
import { OnJob } from '../queue/on-job.decorator.js';
import { MailTransport, type MailMessage } from './mail-transport.js';

/** Services call send(); the message goes out from the mail.send job, with retries. */
@Injectable()
export class MailService {
  constructor(
    private readonly queue: JobQueue,
    private readonly transport: MailTransport,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await this.queue.enqueue('mail.send', message, { jobId: `mail.send-${randomUUID()}` });
  }

  @OnJob('mail.send')
  async deliver(message: JobPayloads['mail.send']): Promise<void> {
    await this.transport.send(message);
    // Never log the body: it may hold a single-use link.
    this.logger.info({ to: message.to, subject: message.subject, transport: this.transport.kind }, 'mail sent');
  }
}
