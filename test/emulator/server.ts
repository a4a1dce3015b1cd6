/**
 * The request pipeline of the API origin:
 * CORS -> control API / host page / static -> faults -> discovery (OPTIONS) -> route ->
 * auth -> api-version -> handler -> dialect serialisation -> request log.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { checkApiVersion } from './apiVersion';
import { ANONYMOUS, authenticate } from './auth';
import { handleControl } from './control';
import { isBrowserDialect, parseAccept, toWire } from './dialect';
import { locationData } from './discovery';
import { ApiError, errors } from './errors';
import type { FaultKind, FaultRule, Faults } from './faults';
import { HostPageError, hostBundleExists, hostPageConfig, hostPageHtml, type HostPageOptions } from './hostPage';
import type { LoggedRequest, RequestLog } from './requestLog';
import { Query, type Reply, type RequestContext, type Router, type UrlBuilder } from './router';
import { serveStatic, type StaticMounts } from './static';
import type { Store } from './state';

export interface ServerDeps {
  store: Store;
  router: Router;
  faults: Faults;
  log: RequestLog;
  host: HostPageOptions;
  staticMounts: StaticMounts;
  /** Which browser origins may call the API (CORS). */
  allowOrigin: (origin: string) => boolean;
  /** Resolved once the server listens (the URL depends on the port). */
  urls: () => UrlBuilder;
}

const MAX_BODY = 256 * 1024 * 1024;

const EXPOSED_HEADERS = [
  'Retry-After', 'X-RateLimit-Resource', 'X-RateLimit-Delay', 'X-RateLimit-Limit', 'X-RateLimit-Remaining',
  'X-RateLimit-Reset', 'x-ms-continuationtoken', 'ActivityId', 'X-TFS-Session', 'Content-Disposition',
].join(', ');

/** Localhost in any port: the host page's content origin and local dev servers. */
export function allowLocalOrigins(origin: string): boolean {
  return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(origin);
}

export function apiListener(deps: ServerDeps): RequestListener {
  return (req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      console.error('[emulator] unhandled error', e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  };
}

/** The content origin serves only static files: the pages the host page embeds. */
export function contentListener(deps: Pick<ServerDeps, 'staticMounts'>): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://content');
    serveStatic(res, deps.staticMounts, decodeURIComponent(url.pathname))
      .then((served) => {
        if (!served) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          // palisade-ignore js-xss-response -- plain-text 404 of a loopback test server
          res.end(`Not found: ${url.pathname}\nMounted: ${Object.keys(deps.staticMounts).join(', ') || '(nothing)'}\n`);
        }
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://emulator');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    pathname = url.pathname;
  }
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  if (origin && deps.allowOrigin(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    res.setHeader('Vary', 'Origin');
  }
  if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type, accept'),
      'Access-Control-Max-Age': '3600',
    });
    res.end();
    return;
  }

  const urls = deps.urls();
  if (pathname.startsWith('/_emulator/')) {
    const body = await readBody(req);
    return handleControl(deps, method, url, body, res);
  }
  if (pathname === '/_host' || pathname === '/_host/') return serveHostPage(deps, url, urls, res);
  if (pathname.startsWith('/_host/')) {
    if (await serveStatic(res, { '/_host/': deps.host.bundleDir }, pathname)) return;
  }

  const segments = pathname.split('/').filter(Boolean);
  const org = deps.store.data.organization.name;
  const isApi = segments.length > 1 && segments[0].toLowerCase() === org.toLowerCase()
    && segments.some((s) => s.toLowerCase() === '_apis');
  if (!isApi) {
    if (method === 'GET' && (await serveStatic(res, deps.staticMounts, pathname))) return;
    if (pathname === '/' && method === 'GET') return redirect(res, '/_host/');
    send(res, errors.routeNotFound(pathname));
    return;
  }

  const dialect = parseAccept(req.headers.accept);
  const entry: Omit<LoggedRequest, 'seq'> = {
    time: new Date(started).toISOString(),
    method,
    url: `${url.pathname}${url.search}`,
    path: pathname,
    status: 0,
    dialect: isBrowserDialect(dialect) ? 'browser' : 'standard',
    origin,
    durationMs: 0,
  };
  const finish = (status: number, extra: Partial<LoggedRequest> = {}) => {
    deps.log.add({ ...entry, ...extra, status, durationMs: Date.now() - started });
  };

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (e) {
    const error = e instanceof ApiError ? e : errors.badRequest(String(e));
    send(res, error);
    return finish(error.status);
  }
  entry.requestBody = describeBody(body, req.headers['content-type']);

  const plan = deps.faults.plan(method, pathname);
  if (plan.latencyMs > 0) await new Promise((r) => setTimeout(r, plan.latencyMs));
  if (plan.terminal) {
    const fault = plan.terminal;
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return finish(0, { fault: 'drop' });
    }
    const error = faultError(fault);
    const text = send(res, error);
    return finish(error.status, { fault: fault.kind, responseText: text, responseBody: safeJson(text) });
  }
  const faultKind: FaultKind | undefined = plan.etagConflict ? 'etagConflict' : plan.latencyMs > 0 ? 'latency' : undefined;

  const rest = segments.slice(1);
  if (method === 'OPTIONS') {
    // Location data for an area, or for every area with `OPTIONS {org}/_apis`.
    const area = rest.length >= 2 && rest[0].toLowerCase() === '_apis' ? rest[1] : undefined;
    const text = JSON.stringify(locationData(rest.length <= 2 ? area : undefined));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(text);
    return finish(200, { responseText: text, responseBody: JSON.parse(text), route: 'location.options', fault: faultKind });
  }

  const match = deps.router.match(method, rest);
  try {
    if (!match) throw errors.routeNotFound(pathname);
    if ('methodNotAllowed' in match) throw errors.methodNotAllowed(method, pathname);
    entry.route = match.route.name;
    const identity = match.route.anonymous && !req.headers.authorization
      ? ANONYMOUS
      : authenticate(req.headers, deps.store.data.identities);
    entry.identity = identity.key;
    const query = new Query(url.searchParams);
    const requested = query.get('api-version') ?? dialect.apiVersion;
    entry.apiVersion = requested;
    const apiVersion = checkApiVersion(requested, method, match.route.location);
    const ctx: RequestContext = {
      method, params: match.params, query, headers: req.headers, body, dialect, apiVersion, identity,
      // Each request sees only the projects its caller is a member of.
      store: deps.store.as(identity), urls, etagConflict: plan.etagConflict,
      json: <T>() => parseJson<T>(body),
    };
    const reply = await match.route.handler(ctx);
    const text = writeReply(res, reply, dialect, apiVersion?.text);
    return finish(reply.status ?? 200, {
      fault: faultKind, contentType: String(res.getHeader('content-type') ?? ''),
      responseText: text, responseBody: text === undefined ? undefined : safeJson(text),
    });
  } catch (e) {
    const error = e instanceof ApiError ? e : internalError(e);
    if (error.status === 401) {
      res.setHeader('WWW-Authenticate', ['Bearer authorization_uri=https://login.microsoftonline.com/common', 'Basic realm="Palisade emulator"']);
    }
    const text = send(res, error);
    return finish(error.status, { fault: faultKind, responseText: text, responseBody: safeJson(text) });
  }
}

function serveHostPage(deps: ServerDeps, url: URL, urls: UrlBuilder, res: ServerResponse): void {
  if (!hostBundleExists(deps.host.bundleDir)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The host page bundle is not built (${deps.host.bundleDir}).\nBuild it with buildHostBundle() from out/test/emulator/hostBundle.js, or start the emulator with its CLI.\n`);
    return;
  }
  try {
    const html = hostPageHtml(hostPageConfig(url, deps.store, urls, deps.host));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  } catch (e) {
    const message = e instanceof HostPageError || e instanceof ApiError ? e.message : String(e);
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${message}\n`);
  }
}

/** Writes a route's reply; returns the JSON text for the log. */
function writeReply(res: ServerResponse, reply: Reply, dialect: ReturnType<typeof parseAccept>, apiVersion: string | undefined): string | undefined {
  const headers: Record<string, string> = { ActivityId: randomUUID(), 'X-TFS-Session': randomUUID(), ...(reply.headers ?? {}) };
  const status = reply.status ?? 200;
  if (reply.kind === 'empty') {
    res.writeHead(status, headers);
    res.end();
    return undefined;
  }
  if (reply.kind === 'raw') {
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    res.writeHead(status, { ...headers, 'content-type': reply.contentType, 'content-length': String(body.length) });
    res.end(body);
    return undefined;
  }
  const text = toWire(reply.body, reply.type, dialect, reply.collection ?? false);
  const contentType = `application/json; charset=utf-8${apiVersion ? `; api-version=${apiVersion}` : ''}`;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
  return text;
}

function send(res: ServerResponse, error: ApiError): string {
  const text = JSON.stringify(error.body());
  res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', ActivityId: randomUUID(), ...error.headers });
  res.end(text);
  return text;
}

function faultError(rule: FaultRule): ApiError {
  const retryAfter = rule.retryAfter ?? (rule.kind === 'rateLimit' ? 1 : undefined);
  const error = rule.kind === 'rateLimit' ? errors.rateLimited() : errors.serverError(rule.status ?? 500);
  if (retryAfter !== undefined) error.headers['Retry-After'] = String(retryAfter);
  if (rule.kind === 'rateLimit') {
    Object.assign(error.headers, {
      'X-RateLimit-Resource': 'ATCPU',
      'X-RateLimit-Delay': String(retryAfter),
      'X-RateLimit-Limit': '200',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + (retryAfter ?? 1)),
    });
  }
  Object.assign(error.headers, rule.headers ?? {});
  return error;
}

function internalError(e: unknown): ApiError {
  console.error('[emulator] route failed', e);
  return new ApiError(500, 'InternalServerErrorException', `The emulator failed: ${e instanceof Error ? e.message : String(e)}`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'RequestContentTooLargeException', `The request body is larger than ${MAX_BODY} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson<T>(body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw errors.badRequest('The request body is not valid JSON.', 'VssRequestContentException');
  }
}

function describeBody(body: Buffer, contentType: string | undefined): unknown {
  if (!body.length) return undefined;
  if (contentType?.includes('json')) return safeJson(body.toString('utf8')) ?? `<${body.length} bytes>`;
  return `<${body.length} bytes>`;
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
