import type { TFunction } from 'i18next';

/** The deadline in working days, in words: "3 working days left", "due today", "2 working days overdue". */
export function workingDaysText(t: TFunction, days: number | null | undefined): string | null {
  if (days === null || days === undefined) return null;
  if (days > 0) return t('task.daysLeft', { count: days });
  if (days === 0) return t('task.dueToday');
  return t('task.daysOverdue', { count: -days });
}

export function workingDaysColor(days: number | null | undefined): string {
  if (days === null || days === undefined) return 'default';
  if (days < 0) return 'red';
  if (days <= 2) return 'orange';
  return 'green';
}
