/** Display formatting shared by the views. */
import type { ScanOutcome, ScanTrigger } from '../../../tasks/contract/scanRecord';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function shortCommit(commit: string | undefined): string {
  return commit ? commit.slice(0, 8) : '';
}

export const OUTCOME_LABELS: Record<ScanOutcome, string> = {
  succeeded: 'Passed',
  succeededWithIssues: 'Passed with findings',
  failed: 'Failed the build',
  error: 'Scan error',
  skipped: 'Skipped',
};

export const TRIGGER_LABELS: Record<ScanTrigger, string> = {
  pullRequest: 'Pull request',
  branch: 'Branch',
  manual: 'Manual',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** `pr/42` -> `PR 42`, `main` -> `main`. */
export function refLabel(ref: string): string {
  const m = /^pr\/(\d+)$/.exec(ref);
  return m ? `PR ${m[1]}` : ref;
}
