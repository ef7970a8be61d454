import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Actor } from '../../common/auth/actor.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { addToOutbox, OutboxRelay } from '../../infra/queue/outbox.js';
import { AttentionRepository } from './attention.repository.js';
import { describeReason, itemOf } from './attention.service.js';
import type { NotificationSettingsDto, UpdateNotificationSettingsDto } from './notifications.dto.js';
import { dueDateReminder, weeklyDigest } from './notifications.mails.js';
import { NotificationsRepository } from './notifications.repository.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Reminders claimed per run; the next run (an hour later) takes the rest. */
const REMINDER_BATCH = 1_000;
/** Trainers per digest run; the run enqueues itself again at once while trainers remain. */
const DIGEST_BATCH = 200;
/** Learners listed in one digest; the rest are counted. */
const DIGEST_ENTRIES = 20;
/** The digest goes out on Mondays at this hour (UTC). */
const DIGEST_HOUR_UTC = 7;

const hourKey = (t: number) => new Date(Math.floor(t / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13);

/** The Monday (UTC date) of the ISO week of `t`. */
export function weekOf(t: number): string {
  const d = new Date(Math.floor(t / DAY_MS) * DAY_MS);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

/** When the digest of the week after `t`'s runs: the next Monday, 07:00 UTC, strictly after t. */
export function nextDigestAt(t: number): number {
  const monday = Date.parse(`${weekOf(t)}T00:00:00Z`) + DIGEST_HOUR_UTC * HOUR_MS;
  return monday > t ? monday : monday + 7 * DAY_MS;
}

/**
 * Notifications of the cohorts module (docs/cohorts.md#notifications): due-date reminders to
 * learners (7 days and 1 day before an assignment is due, once each) and the trainers' weekly
 * digest (once per trainer and week), as self-rescheduling BullMQ jobs like
 * learning.expiry-reminders (one job id per hour or week, so every process may schedule them and
 * one runs; the first run is scheduled beyond the inline queue's drain horizon). Each mail is
 * committed with its claim row through the outbox. People turn either off in their settings.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly attention: AttentionRepository,
    private readonly queue: JobQueue,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const warn = (what: string) => (err: unknown) =>
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, `could not schedule the ${what}`);
    // Not awaited: a process boots even when Redis is down; the next process start schedules again.
    void this.scheduleReminders(Date.now() + 90_000).catch(warn('due-date reminders'));
    void this.scheduleDigest(nextDigestAt(Date.now())).catch(warn('weekly digest'));
  }

  getSettings(actor: Actor): Promise<NotificationSettingsDto> {
    return this.repository.settings(actor.userId);
  }

  updateSettings(actor: Actor, change: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    return this.repository.updateSettings(actor.userId, change);
  }

  private async scheduleReminders(at: number): Promise<void> {
    const hour = hourKey(at);
    await this.queue.enqueue('cohorts.due-reminders', { hour }, { jobId: `cohorts.due-reminders-${hour}`, delayMs: Math.max(0, at - Date.now()) });
  }

  private async scheduleDigest(at: number): Promise<void> {
    const week = weekOf(at);
    await this.queue.enqueue('cohorts.weekly-digest', { week }, { jobId: `cohorts.weekly-digest-${week}`, delayMs: Math.max(0, at - Date.now()) });
  }

  @OnJob('cohorts.due-reminders')
  async dueRemindersJob(_payload: JobPayloads['cohorts.due-reminders']): Promise<void> {
    try {
      await this.sendDueReminders(new Date());
    } finally {
      await this.scheduleReminders(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS + 90_000);
    }
  }

  @OnJob('cohorts.weekly-digest')
  async weeklyDigestJob(payload: JobPayloads['cohorts.weekly-digest']): Promise<void> {
    try {
      await this.sendDigests(payload.week);
    } finally {
      await this.scheduleDigest(nextDigestAt(Date.now()));
    }
  }

  /** Claims and mails the due-date reminders due at `now`; answers how many were sent. */
  async sendDueReminders(now: Date): Promise<number> {
    const origin = this.config.http.publicOrigin;
    const sent = await this.repository.transaction(async (tx) => {
      const claimed = await this.repository.claimDueReminders(tx, now, REMINDER_BATCH);
      for (const r of claimed) {
        const mail = dueDateReminder({
          to: r.email,
          learnerName: r.learnerName,
          organisationName: r.organisationName,
          courseTitle: r.courseTitle,
          dueAt: new Date(r.dueAt),
          days: r.days,
          origin,
        });
        await addToOutbox(tx, 'mail.send', mail, `mail.send-cohort-due-${r.id}`);
      }
      return claimed.length;
    });
    if (sent) this.relay.nudge();
    return sent;
  }

  /**
   * Sends each trainer who wants it their digest of `week` (a Monday), once: the claim row and the
   * mail commit together, so a second run (another process, a retry) sends nothing. A trainer with
   * nobody needing attention is recorded as done and sent nothing. Answers how many mails were sent.
   */
  async sendDigests(week: string): Promise<number> {
    const origin = this.config.http.publicOrigin;
    let mails = 0;
    for (;;) {
      const trainers = await this.repository.digestTrainers(week, DIGEST_BATCH);
      for (const t of trainers) {
        const rows = await this.attention.page(t.userId, { cohortId: null, after: null }, DIGEST_ENTRIES + 1);
        const entries = rows.slice(0, DIGEST_ENTRIES).map((row) => {
          const item = itemOf(row);
          return { cohortName: item.cohortName, learnerName: item.name, reasons: row.reasons.map(describeReason) };
        });
        const more = rows.length > DIGEST_ENTRIES;
        const mailed = await this.repository.transaction(async (tx) => {
          if (!(await this.repository.claimDigest(tx, t.userId, week, rows.length))) return false;
          if (!entries.length) return false;
          const mail = weeklyDigest({ to: t.email, trainerName: t.displayName, week, entries, more, origin });
          await addToOutbox(tx, 'mail.send', mail, `mail.send-cohort-digest-${t.userId}-${week}`);
          return true;
        });
        if (mailed) mails++;
      }
      if (trainers.length < DIGEST_BATCH) break;
    }
    if (mails) this.relay.nudge();
    return mails;
  }
}
