/**
 * The hub's place as URL parameters, so a link (the PR status the pipeline posts, see `hubUrl`
 * in tasks/contract/extension.ts) opens the right view and back/forward move between views.
 */
export const HUB_TABS = ['overview', 'findings', 'scans', 'settings'] as const;
export type HubTab = (typeof HUB_TABS)[number];

export interface HubRoute {
  tab: HubTab;
  /** Repository id or name; absent = all repositories. */
  repo?: string;
  /** Pull request whose scan to show. */
  pr?: number;
  /** Branch whose scan to show (short name); absent = the repository's default. */
  branch?: string;
  /** Fingerprint of the finding whose detail panel is open. */
  finding?: string;
  /** Scan whose log is open. */
  scan?: string;
}

const PARAM_KEYS = ['tab', 'repo', 'pr', 'branch', 'finding', 'scan'] as const;

function isTab(v: string | undefined): v is HubTab {
  return !!v && (HUB_TABS as readonly string[]).includes(v);
}

/** Reads a route from URL parameters; unknown values fall back instead of failing. */
export function parseRoute(params: Readonly<Record<string, string | undefined>>): HubRoute {
  const get = (k: string): string | undefined => {
    const v = params[k]?.trim();
    return v ? v : undefined;
  };
  const prNumber = Number(get('pr'));
  const pr = Number.isInteger(prNumber) && prNumber > 0 ? prNumber : undefined;
  const finding = get('finding');
  const scan = get('scan');
  const repo = get('repo');
  const requested = get('tab');
  // A link naming a finding or a PR means findings, one naming a scan means scans.
  const tab: HubTab = isTab(requested) ? requested : finding || pr ? 'findings' : scan ? 'scans' : repo ? 'findings' : 'overview';
  return { tab, repo, pr, branch: pr ? undefined : get('branch'), finding, scan };
}

/** The parameters of a route; empty values mean "remove". */
export function routeToParams(route: HubRoute): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of PARAM_KEYS) {
    const v = route[k];
    out[k] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

export function routeToHash(route: HubRoute): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(routeToParams(route))) if (v) q.set(k, v);
  return q.toString();
}

export function hashToParams(hash: string): Record<string, string> {
  const out: Record<string, string> = {};
  new URLSearchParams(hash.replace(/^#/, '')).forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

export function sameRoute(a: HubRoute, b: HubRoute): boolean {
  return routeToHash(a) === routeToHash(b);
}
