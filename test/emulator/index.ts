/**
 * The Palisade Azure DevOps emulator: `startEmulator()` serves the part of the Azure DevOps
 * REST API Palisade uses, plus a host page that embeds an extension page the way Azure DevOps
 * does. See test/emulator/README.md.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import type { Identity } from './auth';
import { faultRulesFromEnv, Faults, type FaultRule } from './faults';
import { RequestLog } from './requestLog';
import type { UrlBuilder } from './router';
import { createRouter } from './routes';
import { compileSeed, defaultSeed, type SeedData } from './seed';
import { allowLocalOrigins, apiListener, contentListener } from './server';
import type { StaticMounts } from './static';
import { DEFAULT_PROFILE, maxApiVersion, profileFromEnv, type ServerVersion, type ServiceProfile } from './serviceProfile';
import { Store, type EmulatorState } from './state';

export interface EmulatorOptions {
  /** Port of the API origin (and host page); 0 or omitted picks a free one. */
  port?: number;
  /** Port of the content origin serving embedded pages; 0 or omitted picks a free one. */
  contentPort?: number;
  /** The organisation to start with (default: seed.json). */
  seed?: SeedData;
  /** Tokens to use instead of the seed's, by identity key (e.g. `{build: process.env.TOKEN}`). */
  tokens?: Record<string, string>;
  /** Load the state from this file when it exists, and save every change to it. */
  stateFile?: string;
  /** URL prefix -> directory, served on both origins (e.g. `{'/hub/': 'dist/hub'}`). */
  staticMounts?: StaticMounts;
  /** Where the host page bundle is (default out/emulator-host, see host/bundle.ts). */
  hostBundleDir?: string;
  /** Contribution the host page announces when the URL does not name one. */
  defaultContribution?: string;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** Also read PALISADE_EMULATOR_FAULTS / PALISADE_EMULATOR_LATENCY_MS (default true). */
  faultsFromEnv?: boolean;
  /** Browser origins allowed by CORS (default: localhost and 127.0.0.1 on any port). */
  allowOrigin?: (origin: string) => boolean;
  /**
   * `'2022'` plays Azure DevOps Server 2022: location data stops at 7.0 and higher versions are
   * refused (400 VssVersionOutOfRangeException). Default `'services'`, or PALISADE_EMULATOR_SERVER.
   */
  serverVersion?: ServerVersion;
  /**
   * Extension data refuses pipeline (build service) tokens with 401
   * TokenMissingHostAuthorizationClaimException (default true, or PALISADE_EMULATOR_HOST_AUTHORIZATION).
   */
  checkHostAuthorization?: boolean;
}

export interface HostUrlParams {
  page?: string;
  theme?: 'light' | 'dark';
  /** Identity key: admin, contributor, reader, build, build-nodata. */
  user?: string;
  project?: string;
  contribution?: string;
  config?: Record<string, unknown>;
}

export interface Emulator {
  /** `http://127.0.0.1:port` */
  url: string;
  /** `http://127.0.0.1:port/{organization}/`: System.CollectionUri for the task, the SDK's location for the hub. */
  orgUrl: string;
  /** Origin serving static mounts to the embedded page. */
  contentUrl: string;
  /** URL of the host page embedding `page`. */
  hostUrl(params?: HostUrlParams): string;
  store: Store;
  requestLog: RequestLog;
  faults: Faults;
  /** Token per identity key (admin, contributor, reader, build, build-nodata). */
  tokens: Record<string, string>;
  identities: readonly Identity[];
  /** Which service it plays. */
  profile: Readonly<ServiceProfile>;
  /** Writes the state file now (no-op without one). */
  saveState(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_HOST_BUNDLE_DIR = join(REPO_ROOT, 'out', 'emulator-host');

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 is already in use (is another emulator or \`npm start\` running?). Pick another port.`);
    this.name = 'PortInUseError';
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seedState = compileSeed(options.seed ?? defaultSeed);
  for (const [key, token] of Object.entries(options.tokens ?? {})) {
    const identity = seedState.identities.find((i) => i.key === key);
    if (!identity) throw new Error(`tokens: no identity "${key}" (known: ${seedState.identities.map((i) => i.key).join(', ')})`);
    identity.token = token;
  }
  const loaded = options.stateFile && existsSync(options.stateFile) ? await loadState(options.stateFile) : undefined;
  const store = new Store(loaded ?? structuredClone(seedState), seedState);
  const faults = new Faults();
  for (const rule of [...(options.faultsFromEnv === false ? [] : faultRulesFromEnv()), ...(options.faults ?? [])]) faults.add(rule);
  const log = new RequestLog();
  const staticMounts = options.staticMounts ?? {};
  const bundleDir = options.hostBundleDir ?? DEFAULT_HOST_BUNDLE_DIR;
  const fromEnv = profileFromEnv();
  const profile: ServiceProfile = {
    serverVersion: options.serverVersion ?? fromEnv.serverVersion ?? DEFAULT_PROFILE.serverVersion,
    checkHostAuthorization: options.checkHostAuthorization ?? fromEnv.checkHostAuthorization ?? DEFAULT_PROFILE.checkHostAuthorization,
  };

  let urls: UrlBuilder | undefined;
  const content = createServer(contentListener({ staticMounts: { '/_sample/': bundleDir, ...staticMounts } }));
  const contentPort = await listen(content, options.contentPort ?? 0);
  const contentUrl = `http://127.0.0.1:${contentPort}`;
  const api = createServer(apiListener({
    store, router: createRouter(), faults, log, staticMounts,
    host: { bundleDir, contentUrl, defaultContribution: options.defaultContribution, maxApiVersion: maxApiVersion(profile) },
    allowOrigin: options.allowOrigin ?? allowLocalOrigins,
    urls: () => urls as UrlBuilder,
    profile,
  }));
  let port: number;
  try {
    port = await listen(api, options.port ?? 0);
  } catch (e) {
    await close(content);
    throw e;
  }
  const url = `http://127.0.0.1:${port}`;
  const orgUrl = `${url}/${encodeURIComponent(store.data.organization.name)}/`;
  urls = { orgUrl, to: (relative) => orgUrl + relative.replace(/^\//, '') };

  const persistence = options.stateFile ? new StateWriter(options.stateFile, store) : undefined;
  if (persistence) store.onChange(() => persistence.schedule());

  return {
    url,
    orgUrl,
    contentUrl,
    hostUrl(params: HostUrlParams = {}) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) {
        if (v !== undefined) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      }
      return `${url}/_host/?${q.toString()}`;
    },
    store,
    requestLog: log,
    faults,
    get tokens() {
      return Object.fromEntries(store.data.identities.map((i) => [i.key, i.token]));
    },
    get identities() {
      return store.data.identities;
    },
    profile,
    saveState: () => persistence?.flush() ?? Promise.resolve(),
    async stop() {
      await Promise.all([close(api), close(content)]);
      await persistence?.flush();
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections of the clients would hold close() open.
    server.closeAllConnections();
  });
}

async function loadState(file: string): Promise<EmulatorState> {
  const state = JSON.parse(await readFile(file, 'utf8')) as EmulatorState;
  if (state.version !== 1) throw new Error(`${file} is not an emulator state file (version ${String(state.version)})`);
  return state;
}

/** Saves the state shortly after changes (bursts of writes cost one save), atomically. */
class StateWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string, private readonly store: Store) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, 200);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    await this.writing;
  }

  private write(): Promise<void> {
    const text = JSON.stringify(this.store.data, null, 1);
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    }).catch((e: unknown) => console.error(`[emulator] could not save ${this.file}:`, e));
    return this.writing;
  }
}

export { agentEnvironment } from './agentEnv';
export { Faults } from './faults';
export type { FaultRule } from './faults';
export type { LoggedRequest } from './requestLog';
export { Store } from './state';
export type { EmulatorState, NewBuild, NewCommit } from './state';
export type { SeedData } from './seed';
export type { ServerVersion, ServiceProfile } from './serviceProfile';
export type { Identity } from './auth';
