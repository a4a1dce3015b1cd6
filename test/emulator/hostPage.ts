/**
 * `/_host/`: the page that plays Azure DevOps around an extension. URL parameters:
 *   page=/path/to/hub.html   page to embed; relative paths are served from the content origin
 *   theme=light|dark         user=admin|contributor|reader|...   project=<name or id>
 *   contribution=<publisher.extension.contribution>              config=<JSON initial config>
 * The page itself is a bundle built from host/*.tsx (see host/bundle.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONTRIBUTION, type HostPageConfig } from './host/config';
import type { ThemeName } from './host/theme';
import type { UrlBuilder } from './router';
import type { Store } from './state';

export interface HostPageOptions {
  /** Directory with host.js (built by host/bundle.ts). */
  bundleDir: string;
  /** Origin that serves embedded pages (a second port, so the extension is cross-origin as in production). */
  contentUrl: string;
  defaultContribution?: string;
  /** Newest REST API version of the server played (7.0 for Server 2022): the host's own clients keep to it. */
  maxApiVersion?: string;
}

export class HostPageError extends Error {}

export function hostPageConfig(url: URL, store: Store, urls: UrlBuilder, opts: HostPageOptions): HostPageConfig {
  const q = url.searchParams;
  const userKey = q.get('user') ?? 'admin';
  const user = store.data.identities.find((i) => i.key === userKey || i.id === userKey);
  if (!user) throw new HostPageError(`Unknown user "${userKey}". Known: ${store.data.identities.map((i) => i.key).join(', ')}`);
  const projectParam = q.get('project');
  const project = projectParam ? store.project(projectParam) : store.data.projects[0];
  const theme: ThemeName = q.get('theme') === 'dark' ? 'dark' : 'light';
  const contributionId = q.get('contribution') ?? opts.defaultContribution ?? DEFAULT_CONTRIBUTION;
  const [publisherId, extensionId] = contributionId.split('.');
  if (!publisherId || !extensionId) throw new HostPageError(`contribution must look like publisher.extension.name, not "${contributionId}"`);
  let initialConfig: Record<string, unknown> = {};
  const rawConfig = q.get('config');
  if (rawConfig) {
    try {
      initialConfig = JSON.parse(rawConfig) as Record<string, unknown>;
    } catch {
      throw new HostPageError('config must be JSON');
    }
  }
  const page = q.get('page');
  const pageUrl = page ? new URL(page, opts.contentUrl).toString() : null;
  const baseUri = pageUrl ? new URL('.', pageUrl).toString().replace(/\/$/, '') : opts.contentUrl;
  return {
    orgUrl: urls.orgUrl,
    organization: { ...store.data.organization },
    project: { id: project.id, name: project.name },
    team: { ...project.defaultTeam },
    projects: store.data.projects.map((p) => ({ id: p.id, name: p.name })),
    user: {
      key: user.key, id: user.id, displayName: user.displayName, uniqueName: user.uniqueName, descriptor: user.descriptor,
      imageUrl: urls.to(`_api/_common/identityImage?id=${user.id}`), token: user.token,
    },
    users: store.data.identities.map((i) => ({ key: i.key, displayName: i.displayName })),
    theme,
    pageUrl,
    contributionId,
    extension: { publisherId, extensionId, version: '0.0.0-emulator', baseUri },
    initialConfig,
    maxApiVersion: opts.maxApiVersion,
  };
}

export function hostPageHtml(config: HostPageConfig): string {
  // `<` escaped so the JSON cannot close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.project.name)} - Azure DevOps (Palisade emulator)</title>
<script id="emulator-config" type="application/json">${json}</script>
</head>
<body>
<div id="root"></div>
<script src="/_host/host.js"></script>
</body>
</html>
`;
}

export function hostBundleExists(bundleDir: string): boolean {
  return existsSync(join(bundleDir, 'host.js'));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
