/**
 * api-version negotiation for the hub's REST clients. azure-devops-extension-api's clients
 * hard-code the newest versions (`7.2-preview.N`); Azure DevOps Server 2022 answers only up to
 * 7.0 and refuses anything above with 400 `VssVersionOutOfRangeException`. Like
 * azure-devops-node-api's VsoClient, each call's version is negotiated against the server's
 * location data (`OPTIONS {root}_apis/{area}`: per resource, `maxVersion`, `releasedVersion` and
 * `resourceVersion`), and as a second line of defence a version the server refuses is retried
 * once at the version its error names.
 */

export interface LocationInfo {
  id?: string;
  area?: string;
  routeTemplate?: string;
  resourceVersion?: number;
  maxVersion?: string;
  releasedVersion?: string;
}

interface Parsed {
  version: number;
  text: string;
  preview: boolean;
  resourceVersion?: number;
}

const VERSION = /^(\d+(?:\.\d+)?)(-preview(?:\.(\d+))?)?$/i;

function parse(text: string): Parsed | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { version: Number(m[1]), text: m[1], preview: Boolean(m[2]), resourceVersion: m[3] ? Number(m[3]) : undefined };
}

/**
 * The version to send for `wanted` to a resource described by `location` (node-api's
 * autoNegotiateApiVersion rules): kept when the server has it, else the server's newest.
 */
export function negotiateVersion(wanted: string, location: LocationInfo): string {
  const w = parse(wanted);
  const max = Number(location.maxVersion);
  const released = Number(location.releasedVersion ?? 0);
  const resource = Number(location.resourceVersion ?? 1);
  if (!w || !Number.isFinite(max) || max <= 0) return wanted;
  if (w.version <= released) return wanted;
  if (w.version <= max && w.preview && (w.resourceVersion === undefined || w.resourceVersion <= resource)) return wanted;
  if (w.version < max) return `${w.text}-preview`;
  if (location.maxVersion === location.releasedVersion) return String(location.maxVersion);
  return `${location.maxVersion}-preview.${resource}`;
}

/** `version` lowered to `cap` when above it, keeping its preview flag and resource version. */
export function capVersion(version: string, cap: string): string {
  const v = parse(version);
  if (!v || !(v.version > Number(cap))) return version;
  if (!v.preview) return cap;
  return `${cap}-preview${v.resourceVersion !== undefined ? `.${v.resourceVersion}` : ''}`;
}

/** "... The latest REST API version this server supports is 7.0." -> "7.0". */
export function maxVersionFromError(message: string | undefined): string | undefined {
  return /latest REST API version [^0-9]*(\d+\.\d+)/i.exec(message ?? '')?.[1];
}

/** Reads an area's location data; an area whose data cannot be read is not negotiated. */
export type LocationReader = (rootPath: string, area: string) => Promise<LocationInfo[]>;

const norm = (t: string | undefined) => (t ?? '').replace(/^\/+/, '').toLowerCase();

/**
 * Per root and area, the location data (read once). A request is matched to its location by
 * route template; a template the data does not list takes the area's newest maxVersion,
 * which is all a server's version cap needs.
 */
export class ApiVersionNegotiator {
  private readonly areas = new Map<string, Promise<LocationInfo[]>>();
  /** Caps learnt from refusals, per root. */
  private readonly learnt = new Map<string, string>();

  constructor(private readonly read: LocationReader) {}

  async versionFor(rootPath: string, area: string, routeTemplate: string, wanted: string): Promise<string> {
    const key = `${rootPath}|${area.toLowerCase()}`;
    let pending = this.areas.get(key);
    if (!pending) {
      pending = this.read(rootPath, area).catch(() => []);
      this.areas.set(key, pending);
    }
    const locations = await pending;
    const exact = locations.find((l) => norm(l.routeTemplate) === norm(routeTemplate));
    let version = wanted;
    if (exact) version = negotiateVersion(wanted, exact);
    else if (locations.length) {
      const areaMax = Math.max(...locations.map((l) => Number(l.maxVersion)).filter(Number.isFinite));
      if (Number.isFinite(areaMax) && areaMax > 0) version = capVersion(wanted, areaMax.toFixed(1));
    }
    const cap = this.learnt.get(rootPath);
    return cap ? capVersion(version, cap) : version;
  }

  /** A refusal named the server's newest version: later calls to this root respect it. */
  learn(rootPath: string, maxVersion: string): void {
    this.learnt.set(rootPath, maxVersion);
  }
}

/** `OPTIONS {root}_apis/{area}` with the SDK's token, as the node client reads location data. */
export function fetchLocations(authorization: () => Promise<string>): LocationReader {
  return async (rootPath, area) => {
    const root = rootPath.endsWith('/') ? rootPath : `${rootPath}/`;
    const auth = await authorization();
    const response = await fetch(`${root}_apis/${encodeURIComponent(area)}`, {
      method: 'OPTIONS',
      headers: { Accept: 'application/json', 'X-TFS-FedAuthRedirect': 'Suppress', ...(auth ? { Authorization: auth } : {}) },
    });
    if (!response.ok) return [];
    const body = (await response.json()) as { value?: LocationInfo[] } | LocationInfo[];
    return Array.isArray(body) ? body : body.value ?? [];
  };
}

interface RequestParams {
  apiVersion: string;
  routeTemplate: string;
}

interface Requesting {
  beginRequest<T>(params: RequestParams): Promise<T>;
  getRootPath(): Promise<string>;
}

interface ServerErrorLike {
  status?: number;
  serverError?: { typeKey?: string; message?: string };
  message?: string;
}

/**
 * Makes an azure-devops-extension-api client (or anything with the same `beginRequest`)
 * negotiate every call's version for `area`. Returns the same client.
 */
export function negotiating<T extends object>(client: T, area: string, negotiator: ApiVersionNegotiator): T {
  const c = client as unknown as Requesting;
  const original = c.beginRequest.bind(c);
  c.beginRequest = async <R>(params: RequestParams): Promise<R> => {
    const root = String(await c.getRootPath());
    const apiVersion = await negotiator.versionFor(root, area, params.routeTemplate, params.apiVersion);
    try {
      return await original<R>({ ...params, apiVersion });
    } catch (e) {
      const err = e as ServerErrorLike;
      const max = err?.status === 400 && err.serverError?.typeKey === 'VssVersionOutOfRangeException' ? maxVersionFromError(err.serverError.message ?? err.message) : undefined;
      if (!max) throw e;
      negotiator.learn(root, max);
      return original<R>({ ...params, apiVersion: await negotiator.versionFor(root, area, params.routeTemplate, params.apiVersion) });
    }
  };
  return client;
}
