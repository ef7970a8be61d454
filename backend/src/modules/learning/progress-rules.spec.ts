import { describe, expect, it } from 'vitest';
import {
  MAX_SECONDS_PER_INTERVAL,
  completionStatus,
  countedSeconds,
  expiryOf,
  finalScore,
  gradeCounts,
  isCourseComplete,
  isModuleComplete,
  percentComplete,
  reminderDue,
  type ModuleFacts,
} from './progress-rules.js';

const DAY = 86_400_000;
const mod = (lessonsRequired: number, lessonsCompleted: number, quiz: boolean | null = null): ModuleFacts => ({
  lessonsRequired,
  lessonsCompleted,
  quiz: quiz === null ? null : { quizId: 'q', passed: quiz },
});

describe('countedSeconds', () => {
  it('counts at most the cap per interval, whole seconds, never negative', () => {
    expect(countedSeconds(undefined)).toBe(0);
    expect(countedSeconds(42)).toBe(42);
    expect(countedSeconds(42.9)).toBe(42);
    expect(countedSeconds(3600)).toBe(MAX_SECONDS_PER_INTERVAL);
    expect(countedSeconds(-5)).toBe(0);
    expect(countedSeconds(Number.NaN)).toBe(0);
  });
});

describe('completion rules', () => {
  it('completes a module when every lesson is completed and its quiz (if any) is passed', () => {
    expect(isModuleComplete(mod(3, 3))).toBe(true);
    expect(isModuleComplete(mod(3, 2))).toBe(false);
    expect(isModuleComplete(mod(3, 3, false))).toBe(false);
    expect(isModuleComplete(mod(3, 3, true))).toBe(true);
    expect(isModuleComplete(mod(0, 0, true))).toBe(true);
  });

  it('completes a course when all its modules are; a course of no module never is', () => {
    expect(isCourseComplete([mod(1, 1), mod(2, 2, true)])).toBe(true);
    expect(isCourseComplete([mod(1, 1), mod(2, 2, false)])).toBe(false);
    expect(isCourseComplete([])).toBe(false);
  });

  it('counts lessons and quizzes in the percentage, rounded down, 100 only when complete', () => {
    expect(percentComplete([mod(2, 1), mod(1, 0)])).toBe(33);
    expect(percentComplete([mod(1, 1, false)])).toBe(50);
    expect(percentComplete([mod(1, 1, true)])).toBe(100);
    expect(percentComplete([mod(2, 5)])).toBe(100);
    expect(percentComplete([])).toBe(0);
  });

  it('scores a completion with the mean of its quiz grades, null without any', () => {
    expect(finalScore([])).toBeNull();
    expect(finalScore([null])).toBeNull();
    expect(finalScore([80, 100])).toBe(90);
    expect(finalScore([100, 100, 0])).toBe(66.67);
  });

  it('counts a quiz grade for a re-take only when submitted after the re-take began', () => {
    const enrolledAt = new Date('2026-06-01T00:00:00Z');
    expect(gradeCounts({ lastSubmittedAt: new Date('2026-01-01T00:00:00Z') }, { enrolledAt, isRetake: false })).toBe(true);
    expect(gradeCounts({ lastSubmittedAt: new Date('2026-01-01T00:00:00Z') }, { enrolledAt, isRetake: true })).toBe(false);
    expect(gradeCounts({ lastSubmittedAt: new Date('2026-06-02T00:00:00Z') }, { enrolledAt, isRetake: true })).toBe(true);
    expect(gradeCounts({ lastSubmittedAt: null }, { enrolledAt, isRetake: true })).toBe(false);
  });
});

describe('expiry', () => {
  it('adds calendar months, clamped to the end of a shorter month; no validity, no expiry', () => {
    expect(expiryOf(new Date('2026-01-31T10:00:00Z'), 1)?.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(expiryOf(new Date('2026-03-15T10:00:00Z'), 12)?.toISOString()).toBe('2027-03-15T10:00:00.000Z');
    expect(expiryOf(new Date('2026-03-15T10:00:00Z'), null)).toBeNull();
  });

  it('is current, expiring within 30 days, expired after, or revoked', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    expect(completionStatus({ expiresAt: null, revokedAt: null }, now)).toBe('current');
    expect(completionStatus({ expiresAt: at(31), revokedAt: null }, now)).toBe('current');
    expect(completionStatus({ expiresAt: at(30), revokedAt: null }, now)).toBe('expiring');
    expect(completionStatus({ expiresAt: at(1), revokedAt: null }, now)).toBe('expiring');
    expect(completionStatus({ expiresAt: at(0), revokedAt: null }, now)).toBe('expired');
    expect(completionStatus({ expiresAt: at(-3), revokedAt: null }, now)).toBe('expired');
    expect(completionStatus({ expiresAt: at(100), revokedAt: now }, now)).toBe('revoked');
  });

  it('reminds at 30 days, then at 7, once each; a completion found late gets only the nearest reminder', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    expect(reminderDue(at(45), [], now)).toBeNull();
    expect(reminderDue(at(30), [], now)).toBe(30);
    expect(reminderDue(at(20), [30], now)).toBeNull();
    expect(reminderDue(at(7), [30], now)).toBe(7);
    expect(reminderDue(at(5), [30, 7], now)).toBeNull();
    expect(reminderDue(at(5), [], now)).toBe(7);
    expect(reminderDue(at(-1), [], now)).toBeNull();
  });
});
