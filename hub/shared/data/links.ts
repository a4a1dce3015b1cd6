/**
 * Links into the rest of Azure DevOps. Every URL is built from ids and encoded parts, and only
 * http(s) URLs taken from stored data are ever linked.
 */
import type { Region } from '../../../tasks/contract/findings';
import type { RepoRef } from './model';

function projectBase(collectionUri: string, project: string): string {
  return `${collectionUri.replace(/\/?$/, '/')}${encodeURIComponent(project)}`;
}

/** Repos › Files at the scanned commit, the finding's lines highlighted. */
export function fileAtCommitUrl(collectionUri: string, project: string, repo: Pick<RepoRef, 'name'>, path: string, commit: string | undefined, region?: Region): string {
  const q = new URLSearchParams();
  q.set('path', `/${path.replace(/^\/+/, '')}`);
  if (commit) q.set('version', `GC${commit}`);
  if (region) {
    q.set('line', String(region.startLine));
    q.set('lineEnd', String(region.endLine));
    q.set('lineStartColumn', String(region.startColumn));
    q.set('lineEndColumn', String(region.endColumn));
    q.set('lineStyle', 'plain');
  }
  q.set('_a', 'contents');
  return `${projectBase(collectionUri, project)}/_git/${encodeURIComponent(repo.name)}?${q.toString()}`;
}

export function buildResultsUrl(collectionUri: string, project: string, buildId: number, view?: 'logs'): string {
  return `${projectBase(collectionUri, project)}/_build/results?buildId=${encodeURIComponent(String(buildId))}${view ? `&view=${view}` : ''}`;
}

export function pullRequestUrl(collectionUri: string, project: string, repo: Pick<RepoRef, 'name'>, prId: number): string {
  return `${projectBase(collectionUri, project)}/_git/${encodeURIComponent(repo.name)}/pullrequest/${prId}`;
}

export function commitUrl(collectionUri: string, project: string, repo: Pick<RepoRef, 'name'>, commit: string): string {
  return `${projectBase(collectionUri, project)}/_git/${encodeURIComponent(repo.name)}/commit/${encodeURIComponent(commit)}`;
}

/** Only web URLs from stored data become links (never `javascript:` or `data:`). */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
