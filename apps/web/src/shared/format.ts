import dayjs from 'dayjs';

/** 2026-11-22 09:30:05 in the browser's time zone; — for nothing. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format('YYYY-MM-DD HH:mm:ss') : value;
}
