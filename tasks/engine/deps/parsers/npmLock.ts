import semver from 'semver';
import type { Node } from 'jsonc-parser';
import { ManifestError, emptyManifest, type ParsedManifest } from '../types';
import { expectObject, lineOf, member, members, parseJsonDoc, stringValue, type JsonDoc } from './jsonTree';

/**
 * npm's package-lock.json and npm-shrinkwrap.json. Version 2 and 3 lockfiles list every
 * installed copy under `packages` keyed by its node_modules path; version 1 nests
 * `dependencies` objects instead (version 2 carries both, `packages` is authoritative).
 */
export function parseNpmLock(text: string): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'an npm lockfile');
  const lockfileVersion = member(root, 'lockfileVersion');
  if (!lockfileVersion || lockfileVersion.type !== 'number') {
    throw new ManifestError('"lockfileVersion" is missing: this does not look like an npm lockfile', 1);
  }
  const out = emptyManifest();
  const packages = member(root, 'packages');
  if (packages) {
    if (packages.type !== 'object') throw new ManifestError('"packages" is not an object', lineOf(doc, packages));
    readPackages(doc, packages, out);
  } else {
    readV1Dependencies(doc, member(root, 'dependencies'), out);
  }
  return out;
}

const NODE_MODULES = 'node_modules/';

function readPackages(doc: JsonDoc, packages: Node, out: ParsedManifest): void {
  for (const { key, keyNode, value } of members(packages)) {
    // "" is the project itself; paths without node_modules/ are workspace folders.
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1 || value.type !== 'object') continue;
    if (member(value, 'link')?.value === true) continue;
    const name = stringValue(member(value, 'name')) ?? key.slice(at + NODE_MODULES.length);
    add(out, name, stringValue(member(value, 'version')), stringValue(member(value, 'resolved')), lineOf(doc, keyNode), isDev(value));
  }
}

function readV1Dependencies(doc: JsonDoc, deps: Node | undefined, out: ParsedManifest): void {
  for (const { key, keyNode, value } of members(deps)) {
    if (value.type !== 'object') throw new ManifestError(`dependency "${key}" is not an object`, lineOf(doc, keyNode));
    let name = key;
    let version = stringValue(member(value, 'version'));
    // An alias (`"foo": {"version": "npm:bar@1.2.3"}`) installs bar.
    const alias = version && /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version);
    if (alias) [name, version] = [alias[1], alias[2]];
    add(out, name, version, stringValue(member(value, 'resolved')), lineOf(doc, keyNode), isDev(value));
    readV1Dependencies(doc, member(value, 'dependencies'), out);
  }
}

function isDev(entry: Node): boolean {
  return member(entry, 'dev')?.value === true || member(entry, 'devOptional')?.value === true;
}

function add(out: ParsedManifest, name: string, version: string | undefined, resolved: string | undefined, line: number, dev: boolean): void {
  if (!version) {
    out.unchecked.push({ name, reason: 'no version in the lockfile', line });
  } else if (resolved?.startsWith('file:') || version.startsWith('file:')) {
    // Local folders and tarballs are the project's own code, not registry packages.
  } else if (!semver.valid(version)) {
    out.unchecked.push({ name, reason: 'not a registry version (git or URL dependency)', line });
  } else {
    out.packages.push({ ecosystem: 'npm', name, version, line, ...(dev ? { dev } : {}) });
  }
}
