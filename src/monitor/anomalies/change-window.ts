import { WEEK_DAYS, type ChangeWindowConfig } from '../../config/sections/monitor.ts';

/**
 * True when `at` falls inside the change window: on one of its days, between `from` and `to` in
 * its time zone. A window whose `to` is earlier than `from` spans midnight and belongs to the day
 * it opens (`fri 22:00-02:00` covers Friday 22:00 to Saturday 02:00). `from` equal to `to` is the
 * whole day.
 *
 * @example
 * insideChangeWindow({ days: ['sat', 'sun'], from: '08:00', to: '12:00', timeZone: 'Europe/Paris' }, new Date('2026-11-28T09:30:00Z')) // true
 */
export function insideChangeWindow(window: ChangeWindowConfig, at: Date = new Date()): boolean {
  const { day, minutes } = localTime(at, window.timeZone);
  const from = clockMinutes(window.from);
  const to = clockMinutes(window.to);
  const opensOn = (d: number) => window.days.includes(WEEK_DAYS[d]!);
  if (from === to) return opensOn(day);
  if (from < to) return opensOn(day) && minutes >= from && minutes < to;
  return (opensOn(day) && minutes >= from) || (opensOn((day + 6) % 7) && minutes < to);
}

/**
 * The window as people write it: `mon,tue 22:00-06:00 Europe/Paris`.
 *
 * @example
 * describeChangeWindow({ days: ['sat'], from: '08:00', to: '12:00', timeZone: 'UTC' }) // 'sat 08:00-12:00 UTC'
 */
export function describeChangeWindow(window: ChangeWindowConfig): string {
  const days = window.days.length === 7 ? 'every day' : window.days.join(',');
  return `${days} ${window.from}-${window.to} ${window.timeZone}`;
}

/** The weekday (0 = Monday) and minutes since midnight of `at` in `timeZone`. */
function localTime(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const day = WEEK_DAYS.indexOf(part('weekday').toLowerCase().slice(0, 3) as (typeof WEEK_DAYS)[number]);
  return { day, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

function clockMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}
