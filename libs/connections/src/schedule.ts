import { CronExpressionParser } from 'cron-parser';
import type { ScheduleSettings } from './connection-settings';

/** The next time a connection is due, in its own time zone (cron may have a seconds field). */
export function nextRunAfter(schedule: ScheduleSettings, after: Date): Date {
  return CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: schedule.timezone })
    .next()
    .toDate();
}

/** A readable reason when the schedule cannot be used, or null when it is valid. */
export function scheduleProblem(schedule: ScheduleSettings): string | null {
  // cron-parser reads "" as "every minute" and fills in missing fields: say so instead.
  const fields =
    typeof schedule.cron === 'string' ? schedule.cron.trim().split(/\s+/).filter(Boolean) : [];
  if (fields.length < 5 || fields.length > 6) {
    return `cron '${String(schedule.cron).slice(0, 100)}' must have 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first`;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: schedule.timezone });
  } catch {
    return `timezone '${schedule.timezone}' is not an IANA time zone (e.g. 'Europe/Berlin')`;
  }
  try {
    nextRunAfter(schedule, new Date());
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `cron '${schedule.cron}' is not a valid cron expression (${detail})`;
  }
}
