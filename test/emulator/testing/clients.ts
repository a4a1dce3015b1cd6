/**
 * The real clients, pointed at an emulator: azure-devops-node-api as the task uses it, and
 * azure-devops-extension-api's REST clients as the hub uses them (run in Node on its global
 * fetch, with the bearer token the SDK would hand out).
 */
import * as azdev from 'azure-devops-node-api';
import type { BuildRestClient } from 'azure-devops-extension-api/Build';
import type { CoreRestClient } from 'azure-devops-extension-api/Core';
import type { ExtensionManagementRestClient } from 'azure-devops-extension-api/ExtensionManagement';
import type { FileContainerRestClient } from 'azure-devops-extension-api/FileContainer';
import type { GitRestClient } from 'azure-devops-extension-api/Git';
import type { PolicyRestClient } from 'azure-devops-extension-api/Policy';
import type { Emulator } from '../index';

export function nodeConnection(emulator: Emulator, identity = 'build'): azdev.WebApi {
  return new azdev.WebApi(emulator.orgUrl, azdev.getBearerHandler(emulator.tokens[identity]));
}

export interface BrowserClients {
  git: GitRestClient;
  build: BuildRestClient;
  core: CoreRestClient;
  extensionManagement: ExtensionManagementRestClient;
  fileContainer: FileContainerRestClient;
  policy: PolicyRestClient;
}

interface ExtensionApiModules {
  Git: typeof import('azure-devops-extension-api/Git');
  Build: typeof import('azure-devops-extension-api/Build');
  Core: typeof import('azure-devops-extension-api/Core');
  ExtensionManagement: typeof import('azure-devops-extension-api/ExtensionManagement');
  FileContainer: typeof import('azure-devops-extension-api/FileContainer');
  Policy: typeof import('azure-devops-extension-api/Policy');
}

let modules: ExtensionApiModules | undefined;

/**
 * The extension API's fetch polyfill (whatwg-fetch 3.0) reads `self` when it loads; Node has
 * fetch and Headers already, so `self` is only provided for the duration of the require.
 */
function extensionApi(): ExtensionApiModules {
  if (modules) return modules;
  const g = globalThis as { self?: unknown };
  const hadSelf = 'self' in g;
  if (!hadSelf) g.self = globalThis;
  try {
    modules = {
      Git: require('azure-devops-extension-api/Git') as ExtensionApiModules['Git'],
      Build: require('azure-devops-extension-api/Build') as ExtensionApiModules['Build'],
      Core: require('azure-devops-extension-api/Core') as ExtensionApiModules['Core'],
      ExtensionManagement: require('azure-devops-extension-api/ExtensionManagement') as ExtensionApiModules['ExtensionManagement'],
      FileContainer: require('azure-devops-extension-api/FileContainer') as ExtensionApiModules['FileContainer'],
      Policy: require('azure-devops-extension-api/Policy') as ExtensionApiModules['Policy'],
    };
    return modules;
  } finally {
    if (!hadSelf) delete g.self;
  }
}

export function browserClients(emulator: Emulator, identity = 'admin'): BrowserClients {
  const api = extensionApi();
  const options = {
    rootPath: emulator.orgUrl,
    authTokenProvider: { getAuthorizationHeader: () => Promise.resolve(`Bearer ${emulator.tokens[identity]}`) },
  };
  return {
    git: new api.Git.GitRestClient(options),
    build: new api.Build.BuildRestClient(options),
    core: new api.Core.CoreRestClient(options),
    extensionManagement: new api.ExtensionManagement.ExtensionManagementRestClient(options),
    fileContainer: new api.FileContainer.FileContainerRestClient(options),
    policy: new api.Policy.PolicyRestClient(options),
  };
}

/** A raw call, for what no client exposes (status codes, headers, odd api-versions). */
export async function call(
  emulator: Emulator, method: string, relative: string,
  opts: { token?: string; identity?: string; accept?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json', ...(opts.headers ?? {}) };
  const token = opts.token ?? (opts.identity === undefined ? emulator.tokens.admin : emulator.tokens[opts.identity]);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (opts.body !== undefined) {
    body = Buffer.isBuffer(opts.body) ? new Uint8Array(opts.body) : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = /^https?:/.test(relative) ? relative : emulator.orgUrl + relative.replace(/^\//, '');
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
