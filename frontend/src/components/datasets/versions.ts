import type { DatasetVersionDto, UploadResultDto } from '../../api/types';

export type VersionOrigin = 'upload' | 'traffic' | 'bundled';

/** Where a version's items came from, as the version list names it. */
export function versionOrigin(v: Pick<DatasetVersionDto, 'format' | 'source'>): { kind: VersionOrigin; label: string; file: string | null } {
  if (v.format === 'traffic' || v.source === 'traffic') return { kind: 'traffic', label: 'Captured traffic', file: null };
  if (v.source === 'bundled') return { kind: 'bundled', label: 'Bundled sample', file: null };
  // A raw-body upload has no file name; a multipart one keeps it.
  const file = v.source && v.source !== 'upload' ? v.source : null;
  return { kind: 'upload', label: `Upload (${v.format.toUpperCase()})`, file };
}

/** The input variables of a version, most common first (`messages` for chat items). */
export function inputNames(v: Pick<DatasetVersionDto, 'fields'>): string[] {
  return Object.entries(v.fields.input)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k]) => k);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What an import did, in one sentence: records read (imported + left out as invalid) and items imported.
 * `problems` holds the first 100 problems only; `more` says how many records had problems not listed.
 */
export function importSummary(r: Pick<UploadResultDto, 'rows' | 'skipped' | 'problems'>): { text: string; more: number } {
  const read = r.rows + r.skipped;
  const text = r.skipped
    ? `${plural(read, 'record')} read: ${plural(r.rows, 'item')} imported, ${plural(r.skipped, 'invalid record')} skipped.`
    : `${plural(read, 'record')} read, all imported.`;
  // Each skipped record has at least one problem listed, until the list is cut at 100.
  const listed = new Set(r.problems.map((p) => p.path.split(':')[0])).size;
  return { text, more: Math.max(0, r.skipped - listed) };
}
