// Prices are USD whatever the reader's locale, so the whole catalogue uses one number style.
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "$0.15", "$15.00"; null when the price is unknown. */
export function formatUsd(value: number | null): string | null {
  return value === null || !Number.isFinite(value) ? null : usd.format(value);
}

/** "128,000" */
export function formatInteger(value: number | null): string | null {
  return value === null || !Number.isFinite(value) ? null : integer.format(value);
}

/** A timestamp from the API in the reader's locale; the raw string if it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "1.2K", "3.4M": for chart axes, where the full number does not fit. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** A timestamp to the second, for the request log where several requests share a minute. */
export function formatDateTimeSeconds(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeSeconds.format(date);
}
