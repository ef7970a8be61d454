import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { addToOutbox, OutboxRelay } from '../../infra/queue/outbox.js';
import { expiryReminderToLearner, expiryReminderToTrainer } from './learning.mails.js';
import { REMINDER_DAYS, reminderDue } from './progress-rules.js';
import { RecertificationRepository } from './recertification.repository.js';

const HOUR_MS = 3_600_000;
/** Completions handled per run; the next run (an hour later) takes the rest. */
const BATCH = 500;

const hourKey = (t: number) => new Date(Math.floor(t / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13);

/**
 * Recertification reminders (docs/progress.md#recertification): an hourly job, rescheduling
 * itself (job id per hour, so every process may schedule it and one runs), finds completions
 * expiring within 30 days and sends the learner and the trainers of their organisation(s) a
 * reminder at 30 and at 7 days before, once each: the reminder row and its mails (through the
 * outbox) commit together.
 */
@Injectable()
export class RecertificationService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: RecertificationRepository,
    private readonly queue: JobQueue,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: a process boots even when Redis is down; the next process start schedules again.
    void this.schedule(Date.now() + 60_000).catch((err: unknown) =>
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not schedule the expiry reminders'),
    );
  }

  private async schedule(at: number): Promise<void> {
    const hour = hourKey(at);
    await this.queue.enqueue('learning.expiry-reminders', { hour }, { jobId: `learning.expiry-reminders-${hour}`, delayMs: Math.max(0, at - Date.now()) });
  }

  @OnJob('learning.expiry-reminders')
  async remindJob(_payload: JobPayloads['learning.expiry-reminders']): Promise<void> {
    try {
      await this.sendReminders(new Date());
    } finally {
      await this.schedule(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS + 60_000);
    }
  }

  /** Sends what is due now; answers how many reminders were recorded. */
  async sendReminders(now: Date): Promise<number> {
    const origin = this.config.http.publicOrigin;
    let count = 0;
    for (const c of await this.repository.expiringWithin(Math.max(...REMINDER_DAYS), BATCH)) {
      const expiresAt = new Date(c.expiresAt);
      const days = reminderDue(expiresAt, c.sent, now);
      if (days === null) continue;
      const people = await this.repository.recipients(c.userId, c.courseOrganisationId);
      const sent = await this.repository.transaction(async (tx) => {
        const recipients = (people.learner ? 1 : 0) + people.trainers.length;
        if (!(await this.repository.claimReminder(tx, c.id, days, recipients))) return false;
        if (people.learner) {
          const mail = expiryReminderToLearner({
            to: people.learner.email,
            displayName: people.learner.displayName,
            courseTitle: c.courseTitle,
            expiresAt,
            daysBefore: days,
            origin,
          });
          await addToOutbox(tx, 'mail.send', mail, `mail.send-expiry-${c.id}-${days}-learner`);
        }
        for (const [i, t] of people.trainers.entries()) {
          const mail = expiryReminderToTrainer({
            to: t.email,
            learnerName: people.learner?.displayName ?? 'A learner',
            organisationName: t.organisationName,
            courseTitle: c.courseTitle,
            expiresAt,
            daysBefore: days,
            origin,
          });
          await addToOutbox(tx, 'mail.send', mail, `mail.send-expiry-${c.id}-${days}-trainer-${i}`);
        }
        return true;
      });
      if (sent) count++;
    }
    if (count) this.relay.nudge();
    return count;
  }
}
