/**
 * Route matching with the service's template syntax (`{param}`, `{*rest}`), case-insensitive
 * on literals like the service. Each route names the resource location it belongs to, which
 * fixes its api-version range.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiVersion } from './apiVersion';
import type { Identity } from './auth';
import type { ContractType, Dialect } from './dialect';
import { errors } from './errors';
import type { ResourceLocation } from './locations';
import type { Store } from './state';
import type { ServiceProfile } from './serviceProfile';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query strings are case-insensitive in Azure DevOps (`$top` = `$Top`). */
export class Query {
  private readonly map = new Map<string, string>();
  constructor(params: URLSearchParams) {
    for (const [k, v] of params) if (!this.map.has(k.toLowerCase())) this.map.set(k.toLowerCase(), v);
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase());
  }
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw errors.badRequest(`The value '${v}' of query parameter '${name}' is not an integer.`);
    return n;
  }
  bool(name: string): boolean | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : v.toLowerCase() === 'true';
  }
}

export interface UrlBuilder {
  /** `http://127.0.0.1:port/{org}/` */
  orgUrl: string;
  /** Absolute URL for a path relative to the organisation. */
  to(relative: string): string;
}

export interface RequestContext {
  method: string;
  params: Record<string, string>;
  query: Query;
  headers: IncomingHttpHeaders;
  body: Buffer;
  dialect: Dialect;
  apiVersion?: ApiVersion;
  /** The caller (auth.ts ANONYMOUS on anonymous routes called without a token). */
  identity: Identity;
  store: Store;
  urls: UrlBuilder;
  /** A fault rule asked for this extension data write to lose an etag race (faults.ts). */
  etagConflict: boolean;
  /** Parses the body as JSON (400 when it is not). */
  json<T>(): T;
  /** Cloud or Server 2022, and whether extension data checks host authorization. */
  profile: ServiceProfile;
}

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; type?: ContractType; collection?: boolean; headers?: Record<string, string> }
  | { kind: 'raw'; status?: number; body: Buffer | string; contentType: string; headers?: Record<string, string> }
  | { kind: 'empty'; status?: number; headers?: Record<string, string> };

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  /** Stable name for logs and tests, e.g. `git.pullRequestStatuses.create`. */
  name: string;
  method: HttpMethod;
  template: string;
  location: ResourceLocation;
  /** Served without a token (discovery data, like the service). */
  anonymous?: boolean;
  handler: Handler;
}

interface Compiled {
  route: Route;
  segments: string[];
}

export type Match = { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined;

export class Router {
  private readonly compiled: Compiled[] = [];

  add(...routes: Route[]): void {
    for (const route of routes) this.compiled.push({ route, segments: route.template.split('/').filter(Boolean) });
  }

  get routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }

  /** `segments` are the decoded path segments after the organisation. */
  match(method: string, segments: string[]): Match {
    let pathMatched = false;
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, segments);
      if (!params) continue;
      if (c.route.method === method) return { route: c.route, params };
      pathMatched = true;
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t.startsWith('{*') && t.endsWith('}')) {
      params[t.slice(2, -1)] = actual.slice(i).join('/');
      return params;
    }
    if (i >= actual.length) return undefined;
    if (t.startsWith('{') && t.endsWith('}')) {
      params[t.slice(1, -1)] = actual[i];
    } else if (t.toLowerCase() !== actual[i].toLowerCase()) {
      return undefined;
    }
  }
  return template.length === actual.length ? params : undefined;
}

export function json(body: unknown, type?: ContractType, status = 200): Reply {
  return { kind: 'json', status, body, type };
}

export function list(items: unknown[], type?: ContractType, headers?: Record<string, string>): Reply {
  return { kind: 'json', status: 200, body: items, type, collection: true, headers };
}

export function empty(status = 200): Reply {
  return { kind: 'empty', status };
}
