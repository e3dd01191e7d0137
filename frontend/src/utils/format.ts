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
