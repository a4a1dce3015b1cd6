/**
 * Identity of the extension: vss-extension.json, the task (extension data routes, hub links)
 * and the hub must agree on these; test/package/vsix.test.ts checks the manifest.
 */
export const PUBLISHER_ID = 'palisade-security';
export const EXTENSION_ID = 'palisade';
export const HUB_CONTRIBUTION_ID = 'security-hub';
export const BUILD_TAB_CONTRIBUTION_ID = 'build-results-tab';

/** Extension data scope: collection-wide, shared by every project of the organisation. */
export const DATA_SCOPE = { type: 'Default', value: 'Current' } as const;

export const STATUS_GENRE = 'palisade';
export const DEFAULT_STATUS_NAME = 'security-scan';
/** PR thread property that carries a finding's fingerprint, so re-runs update threads. */
export const THREAD_FINGERPRINT_PROPERTY = 'palisade.fingerprint';
export const THREAD_SUMMARY_PROPERTY = 'palisade.summary';

/** Link into the Security hub, filtered as the hub's deep links expect. */
export function hubUrl(
  collectionUri: string, project: string, params: { repo?: string; pr?: number; tab?: string; finding?: string; scan?: string },
  // A page inside Azure DevOps passes the installed extension's id from the SDK context (a
  // private or re-published build of the extension has another one); the task uses the constants.
  extension: { publisherId: string; extensionId: string } = { publisherId: PUBLISHER_ID, extensionId: EXTENSION_ID },
): string {
  const base = `${collectionUri.replace(/\/?$/, '/')}${encodeURIComponent(project)}/_apps/hub/${extension.publisherId}.${extension.extensionId}.${HUB_CONTRIBUTION_ID}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${base}?${qs}` : base;
}
