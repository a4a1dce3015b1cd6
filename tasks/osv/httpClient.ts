import { createWriteStream, renameSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ENGINE_VERSION } from '../engine';
import { AdvisorySourceError } from '../engine/deps';
import { chooseProxy, ProxyConfigError, type ProxyChoice, type ProxySettings } from './proxy';

export interface HttpClientOptions {
  /** Per attempt, from connecting to the last byte of the body (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 4). */
  attempts?: number;
  /** First back-off delay; doubles with each retry, with jitter (default 1 s). */
  backoffMs?: number;
  /** Longest wait this client accepts, from back-off or from Retry-After (default 60 s). */
  maxDelayMs?: number;
  proxy?: ProxySettings;
  env?: NodeJS.ProcessEnv;
  /** Extra trusted CA certificates (PEM), e.g. for a TLS-inspecting proxy. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Replaces the real wait between retries (tests record the delays instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  /** Appended to "what to do" in error messages: how this deployment can work without the network. */
  offlineHint?: string;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_BODY_BYTES = 256 * 1024 * 1024;

class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * JSON over HTTP(S) for the OSV API: proxy-aware (CONNECT for https, absolute-URI requests
 * for http), with a deadline per attempt and retries with exponential back-off on timeouts,
 * connection failures, 429 and 5xx, honouring Retry-After. Failures become an
 * AdvisorySourceError that names the request, what happened and what to do.
 */
export class HttpJsonClient {
  private readonly agents = new Map<string, http.Agent>();
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: HttpClientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.attempts = Math.max(1, opts.attempts ?? 4);
    this.backoffMs = opts.backoffMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The proxy for `url` (bad proxy settings are the user's to fix, said plainly) and how to name the call. */
  private route(method: string, url: URL): { proxy: ProxyChoice | undefined; what: string } {
    let proxy: ProxyChoice | undefined;
    try {
      proxy = chooseProxy(url, this.opts.proxy, this.opts.env ?? process.env);
    } catch (e) {
      if (e instanceof ProxyConfigError) throw new AdvisorySourceError(`Proxy settings are invalid: ${e.message}.`);
      throw e;
    }
    return { proxy, what: `${method} ${url.href}${proxy ? ` (through proxy ${proxy.display})` : ''}` };
  }

  /**
   * Sends the request; resolves with 2xx JSON bodies and with the statuses in `accept`
   * (e.g. 404 for an unknown advisory), throws AdvisorySourceError for everything else.
   */
  async request(method: 'GET' | 'POST', url: URL, body?: unknown, accept: readonly number[] = []): Promise<JsonResponse> {
    const { proxy, what } = this.route(method, url);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    let last: AttemptError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (last) {
        const delay = this.delayBefore(attempt, last);
        if (delay === undefined) {
          const wait = Math.ceil((last.retryAfterMs ?? 0) / 1000);
          last = new AttemptError(`${last.message}; the server asked to retry after ${wait} s, longer than the ${Math.round(this.maxDelayMs / 1000)} s this scan waits`, false);
          break;
        }
        await this.sleep(delay);
      }
      try {
        const res = await this.once(method, url, payload, proxy);
        if ((res.status >= 200 && res.status < 300) || accept.includes(res.status)) {
          return { status: res.status, body: parseJson(res.text, what, res.status) };
        }
        last = statusError(res, proxy);
        if (!last.retryable) break;
      } catch (e) {
        if (e instanceof AdvisorySourceError) throw e;
        last = e instanceof AttemptError ? e : new AttemptError(networkText(e), true);
      }
    }
    const failure = last as AttemptError;
    const tries = this.attempts > 1 && failure.retryable ? ` (tried ${this.attempts} times)` : '';
    throw new AdvisorySourceError(`${what} failed: ${failure.message.replace(/\.+$/, '')}${tries}. ${this.advice(failure, proxy)}`);
  }

  /** Back-off with jitter, or the server's Retry-After; undefined when that is longer than we wait. */
  private delayBefore(attempt: number, last: AttemptError): number | undefined {
    if (last.retryAfterMs !== undefined) {
      if (last.retryAfterMs > this.maxDelayMs) return undefined;
      return last.retryAfterMs;
    }
    const exp = this.backoffMs * 2 ** (attempt - 2);
    return Math.min(this.maxDelayMs, exp / 2 + Math.random() * (exp / 2));
  }

  private advice(failure: AttemptError, proxy: ProxyChoice | undefined): string {
    const offline = this.opts.offlineHint ? ` ${this.opts.offlineHint}` : '';
    if (/HTTP 407/.test(failure.message)) return 'Check the proxy user name and password.';
    if (/HTTP (429|5\d\d)/.test(failure.message)) return `The advisory service is overloaded or down: run the scan again later.${offline}`;
    if (/HTTP 4\d\d/.test(failure.message)) return 'Check that the OSV URL points at an OSV API (it must answer POST /v1/querybatch and GET /v1/vulns/{id}).';
    const net = proxy
      ? `Check that the proxy ${proxy.display} is reachable and allows this host, or add the host to the proxy bypass list / NO_PROXY.`
      : 'Check that the OSV URL is right and reachable from this machine; behind a proxy, set HTTPS_PROXY (and NO_PROXY) or the agent proxy.';
    return `${net}${offline}`;
  }

  private agentFor(url: URL, proxy: ProxyChoice | undefined): http.Agent {
    const key = `${url.protocol}|${proxy ? proxy.url.href : ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      if (proxy && url.protocol === 'https:') agent = new HttpsProxyAgent(proxy.url.href, { keepAlive: true });
      else if (proxy) agent = new HttpProxyAgent(proxy.url.href, { keepAlive: true });
      else agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private once(method: string, url: URL, payload: Buffer | undefined, proxy: ProxyChoice | undefined): Promise<{ status: number; statusText: string; text: string; retryAfter?: string }> {
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, {
        method,
        agent: this.agentFor(url, proxy),
        ca: this.opts.ca,
        headers: {
          accept: 'application/json',
          'accept-encoding': 'gzip',
          'user-agent': `palisade/${ENGINE_VERSION}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      });
      // One deadline for the whole exchange: a server that trickles bytes must not hang the scan.
      const timer = setTimeout(() => req.destroy(new AttemptError(`no complete answer within ${this.timeoutMs} ms`, true)), this.timeoutMs);
      const fail = (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) req.destroy(new AttemptError(`the response is larger than ${MAX_BODY_BYTES} bytes`, false));
          else chunks.push(c);
        });
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          let buf = Buffer.concat(chunks);
          try {
            if (/gzip/i.test(String(res.headers['content-encoding'] ?? ''))) buf = gunzipSync(buf);
          } catch {
            reject(new AttemptError('the response claims gzip encoding but does not decompress', false));
            return;
          }
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: buf.toString('utf8'), retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
        });
      });
      req.end(payload);
    });
  }

  /**
   * Streams a file to `dest` (written to `dest.partial` first, renamed when complete and
   * accepted by `check`), with the same proxy, retries and advice as JSON requests. The
   * timeout is a stall timeout here: a large export may take minutes, a silent server may not.
   */
  async download(url: URL, dest: string, check?: (file: string) => Promise<void>): Promise<{ bytes: number }> {
    const { proxy, what } = this.route('GET', url);
    const partial = `${dest}.partial`;
    let last: AttemptError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (last) {
        const delay = this.delayBefore(attempt, last);
        if (delay === undefined) break;
        await this.sleep(delay);
      }
      try {
        const bytes = await this.streamOnce(url, partial, proxy);
        if (check) await check(partial);
        renameSync(partial, dest);
        return { bytes };
      } catch (e) {
        rmSync(partial, { force: true });
        if (e instanceof AdvisorySourceError) throw e;
        last = e instanceof AttemptError ? e : new AttemptError(networkText(e), true);
        if (!last.retryable) break;
      }
    }
    const failure = last as AttemptError;
    const tries = this.attempts > 1 && failure.retryable ? ` (tried ${this.attempts} times)` : '';
    throw new AdvisorySourceError(`${what} failed: ${failure.message.replace(/\.+$/, '')}${tries}. ${this.advice(failure, proxy).replace(/Check that the OSV URL points at an OSV API.*$/, 'Check the download URL (--url).')}`);
  }

  private streamOnce(url: URL, file: string, proxy: ProxyChoice | undefined): Promise<number> {
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method: 'GET', agent: this.agentFor(url, proxy), ca: this.opts.ca, headers: { 'user-agent': `palisade/${ENGINE_VERSION}` } });
      let timer: NodeJS.Timeout | undefined;
      const stall = () => {
        clearTimeout(timer);
        timer = setTimeout(() => req.destroy(new AttemptError(`no data for ${this.timeoutMs} ms`, true)), this.timeoutMs);
      };
      const fail = (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      };
      stall();
      req.on('error', fail);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            const retryAfter = res.headers['retry-after'];
            reject(statusError({ status, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8'), retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined }, proxy));
          });
          res.on('error', fail);
          return;
        }
        const out = createWriteStream(file);
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          stall();
        });
        res.on('error', fail);
        out.on('error', (e) => fail(new AdvisorySourceError(`cannot write ${file}: ${e.message}`)));
        out.on('finish', () => {
          clearTimeout(timer);
          const expected = Number(res.headers['content-length']);
          if (Number.isFinite(expected) && expected > 0 && bytes !== expected) reject(new AttemptError(`the download stopped after ${bytes} of ${expected} bytes`, true));
          else resolve(bytes);
        });
        res.pipe(out);
      });
      req.end();
    });
  }

  /** Closes idle keep-alive sockets so the process can exit. */
  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}

function parseJson(text: string, what: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.trim().slice(0, 60).replace(/\s+/g, ' ');
    throw new AdvisorySourceError(
      `${what} answered HTTP ${status} with a body that is not JSON (it starts with "${start}"). Check that the OSV URL points at an OSV API, and that no proxy or captive portal is answering instead.`,
    );
  }
}

function statusError(res: { status: number; statusText: string; text: string; retryAfter?: string }, proxy: ProxyChoice | undefined): AttemptError {
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  if (res.status === 407) return new AttemptError(`the proxy ${proxy?.display ?? ''} refused with ${status} (authentication required)`, false);
  const detail = errorDetail(res.text);
  const retryable = RETRY_STATUS.has(res.status);
  return new AttemptError(`${status}${detail ? `: ${detail}` : ''}`, retryable, retryable ? retryAfterMs(res.retryAfter) : undefined);
}

/** OSV errors are `{"code": n, "message": "..."}`; anything else is cut short, never dumped whole. */
function errorDetail(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: unknown };
    if (j && typeof j.message === 'string') return j.message.slice(0, 200);
  } catch {
    /* not JSON */
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ECONNREFUSED') return `connection refused (${err.message.replace(/^connect ECONNREFUSED\s*/, '') || 'no server listening'})`;
  if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') return `host name not found (${err.message})`;
  if (err?.code === 'ECONNRESET') return 'the connection was reset';
  if (typeof err?.code === 'string' && /CERT|SSL|TLS/.test(err.code)) return `TLS certificate problem (${err.code}); behind a TLS-inspecting proxy, add its CA with NODE_EXTRA_CA_CERTS`;
  return err instanceof Error ? err.message : String(e);
}
