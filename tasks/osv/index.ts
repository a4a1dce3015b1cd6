import type { AdvisorySource } from '../engine/deps';
import { HttpJsonClient } from './httpClient';
import { OsvApiSource, DEFAULT_OSV_URL } from './osvApiSource';
import { OsvOfflineSource } from './offlineSource';
import type { ProxySettings } from './proxy';

export { DEFAULT_OSV_URL, OsvApiSource } from './osvApiSource';
export { OsvOfflineSource } from './offlineSource';
export { HttpJsonClient } from './httpClient';
export type { ProxySettings } from './proxy';

export interface AdvisorySourceOptions {
  /** OSV API root (default https://api.osv.dev); `/v1` may be included or not. */
  baseUrl?: string;
  /** Read this OSV database export instead of the network (see OsvOfflineSource). */
  offlineDir?: string;
  /** The agent's proxy; without it, HTTPS_PROXY / HTTP_PROXY from `env` apply. NO_PROXY from `env` applies to both. */
  proxy?: ProxySettings;
  /** Per HTTP attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 4). */
  attempts?: number;
  /** First retry delay (default 1 s), doubled per retry. */
  backoffMs?: number;
  /** Longest single wait accepted, including Retry-After (default 60 s). */
  maxDelayMs?: number;
  /** Extra trusted CA certificates (PEM). */
  ca?: string | Buffer | (string | Buffer)[];
  env?: NodeJS.ProcessEnv;
  /** How the reader can scan without the network, appended to network errors (default names the CLI's --osv-offline). */
  offlineHint?: string;
  /** Test hook: replaces the real wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ClosableAdvisorySource extends AdvisorySource {
  /** Releases keep-alive sockets; call when the scan is done. */
  close(): void;
}

/**
 * The advisory source for a scan: the offline database when `offlineDir` is given, else the
 * OSV API (through a proxy when one is configured). Throws AdvisorySourceError for unusable
 * settings (bad URL, missing folder) with a message fit for the log.
 */
export function createAdvisorySource(opts: AdvisorySourceOptions = {}): ClosableAdvisorySource {
  if (opts.offlineDir) {
    const offline = new OsvOfflineSource(opts.offlineDir);
    return Object.assign(offline, { close: () => undefined });
  }
  const http = new HttpJsonClient({
    timeoutMs: opts.timeoutMs,
    attempts: opts.attempts,
    backoffMs: opts.backoffMs,
    maxDelayMs: opts.maxDelayMs,
    proxy: opts.proxy,
    env: opts.env ?? process.env,
    ca: opts.ca,
    sleep: opts.sleep,
    offlineHint: opts.offlineHint ?? 'Without network access, scan offline with an OSV database export (--osv-offline DIR).',
  });
  const api = new OsvApiSource(opts.baseUrl ?? DEFAULT_OSV_URL, http);
  return Object.assign(api, { close: () => http.close() });
}
