import { describe, expect, it } from 'vitest';
import { announcementFor, durationWords, formatClock, secondsLeft, TIME_UP, timeLimitText } from './time';

describe('formatClock', () => {
  it('shows minutes and seconds, with hours only when needed, rounding up', () => {
    expect(formatClock(754)).toBe('12:34');
    expect(formatClock(9)).toBe('0:09');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(0.2)).toBe('0:01');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
});

describe('durationWords', () => {
  it('says seconds under a minute, whole minutes otherwise, and hours', () => {
    expect(durationWords(45)).toBe('45 seconds');
    expect(durationWords(1)).toBe('1 second');
    expect(durationWords(60)).toBe('1 minute');
    expect(durationWords(600)).toBe('10 minutes');
    expect(durationWords(599.4)).toBe('10 minutes');
    expect(durationWords(3600)).toBe('1 hour');
    expect(durationWords(3900)).toBe('1 hour 5 minutes');
    expect(durationWords(7260)).toBe('2 hours 1 minute');
  });
});

describe('announcementFor', () => {
  it('announces each threshold once, as it is crossed', () => {
    expect(announcementFor(601, 600)).toBe('10 minutes left');
    expect(announcementFor(600, 599)).toBeNull();
    expect(announcementFor(301, 300)).toBe('5 minutes left');
    expect(announcementFor(61, 60)).toBe('1 minute left');
    expect(announcementFor(1801, 1800)).toBe('30 minutes left');
  });

  it('stays quiet between thresholds and on every other second', () => {
    let announced = 0;
    for (let s = 1200; s > 0; s--) if (announcementFor(s, s - 1)) announced++;
    // 10 min, 5 min, 1 min and time up: four announcements in twenty minutes.
    expect(announced).toBe(4);
  });

  it('after a jump over several thresholds says the time actually left, once', () => {
    expect(announcementFor(700, 250)).toBe('4 minutes left');
    expect(announcementFor(250, 249)).toBeNull();
  });

  it('says when time is up, once', () => {
    expect(announcementFor(1, 0)).toBe(TIME_UP);
    expect(announcementFor(0, 0)).toBeNull();
    expect(announcementFor(400, 0)).toBe(TIME_UP);
  });

  it('is silent when time did not go down (a clock adjusted backwards)', () => {
    expect(announcementFor(300, 305)).toBeNull();
  });
});

describe('secondsLeft', () => {
  it('counts to the deadline on the server clock', () => {
    const deadline = '2026-12-02T10:00:00.000Z';
    const now = Date.parse('2026-12-02T09:50:00.000Z');
    expect(secondsLeft(deadline, now)).toBe(600);
    // This clock is 30 s behind the server's.
    expect(secondsLeft(deadline, now, 30_000)).toBe(570);
    expect(secondsLeft(deadline, now + 3_600_000)).toBe(0);
  });
});

describe('timeLimitText', () => {
  it('includes extra time when the learner has some', () => {
    expect(timeLimitText(null)).toBe('No time limit');
    expect(timeLimitText(1800)).toBe('30 minutes');
    expect(timeLimitText(1800, 900)).toBe('30 minutes + 15 minutes extra time (45 minutes in all)');
  });
});
