/**
 * Which proxy, if any, a request to the OSV service goes through. Two sources of settings:
 * the Azure Pipelines agent's proxy (passed in explicitly by the task, whose bypass list holds
 * regular expressions matched against the whole URL, as the agent defines them) and the
 * conventional HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables.
 */

export interface ProxySettings {
  /** `http://proxy.corp:8080`; credentials may be given here or separately. */
  url: string;
  username?: string;
  password?: string;
  /** Agent-style bypass list: regular expressions tested against the request URL, case-insensitively. */
  bypass?: string[];
}

export interface ProxyChoice {
  /** Proxy URL with credentials, for the agent only: never print it. */
  url: URL;
  /** Proxy URL without credentials, safe for logs. */
  display: string;
}

/** Returns the proxy to use for `target`, or undefined for a direct connection. */
export function chooseProxy(target: URL, explicit: ProxySettings | undefined, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const noProxy = envValue(env, 'NO_PROXY');
  if (noProxy && matchesNoProxy(target, noProxy)) return undefined;
  if (explicit) {
    if (explicit.bypass?.some((pattern) => matchesBypass(target, pattern))) return undefined;
    return withCredentials(explicit.url, explicit.username, explicit.password);
  }
  const raw = target.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : envValue(env, 'HTTP_PROXY');
  return raw ? withCredentials(raw) : undefined;
}

/** Lower-case spelling first, as curl reads it; empty values mean unset. */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name];
  return v && v.trim() ? v.trim() : undefined;
}

export class ProxyConfigError extends Error {}

function withCredentials(raw: string, username?: string, password?: string): ProxyChoice {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ProxyConfigError('the proxy URL is not a valid URL (expected e.g. http://proxy.example:8080)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(`proxy scheme ${url.protocol} is not supported (use an http:// or https:// proxy)`);
  }
  if (username) {
    url.username = encodeURIComponent(username);
    url.password = encodeURIComponent(password ?? '');
  }
  return { url, display: `${url.protocol}//${url.host}` };
}

/**
 * NO_PROXY entries: `*`, a host name (matching itself and its subdomains, with or without a
 * leading `.` or `*.`), an IP address, each optionally with `:port`.
 */
export function matchesNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const entryHost = m[1].replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (m[2] && m[2] !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/** The agent's bypass entries are regular expressions; one that does not compile is read as a host name. */
function matchesBypass(target: URL, pattern: string): boolean {
  try {
    return new RegExp(pattern, 'i').test(target.href);
  } catch {
    return matchesNoProxy(target, pattern);
  }
}
