import semver from 'semver';
import { isMap } from 'yaml';
import { emptyManifest, type ParsedManifest } from '../types';
import { getValue, mapPairs, parseYamlLock, scalarKey } from './yamlDoc';

/**
 * pnpm-lock.yaml. Package keys changed with the lockfile version: v5 `/name/1.2.3_peer`,
 * v6 `/name@1.2.3(peer@1.0.0)`, v9 `name@1.2.3` (peers moved to `snapshots`). Entries may
 * also carry explicit `name`/`version` (tarball and git dependencies).
 */
export function parsePnpmLock(text: string): ParsedManifest {
  const lock = parseYamlLock(text, 'pnpm-lock.yaml');
  const lockfileVersion = parseFloat(String(getValue(lock.root, 'lockfileVersion') ?? ''));
  const out = emptyManifest();
  const packages = lock.root.get('packages', true);
  for (const pair of mapPairs(packages)) {
    const key = scalarKey(pair);
    if (!key) continue;
    const line = lock.lineOfKey(pair);
    const entry = pair.value;
    const fromKey = splitKey(key, lockfileVersion);
    const name = stringOr(getValue(entry, 'name'), fromKey?.name);
    const version = stringOr(getValue(entry, 'version'), fromKey?.version);
    const resolution = isMap(entry) ? entry.get('resolution', true) : undefined;
    if (getValue(resolution, 'directory') !== undefined) continue; // a local folder: the project's own code
    if (!name || /^(file|link):/.test(version ?? '')) continue;
    const dev = getValue(entry, 'dev') === true;
    // Before v9, registry keys start with `/`; others (`github.com/...`) are git or URL tarballs.
    const registryKey = key.startsWith('/') || Number.isNaN(lockfileVersion) || lockfileVersion >= 9;
    if (!registryKey || getValue(resolution, 'type') === 'git' || !version || !semver.valid(version)) {
      out.unchecked.push({ name, reason: 'not a registry version (git, URL or local dependency)', line });
    } else {
      out.packages.push({ ecosystem: 'npm', name, version, line, ...(dev ? { dev } : {}) });
    }
  }
  return out;
}

function stringOr(v: unknown, fallback: string | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

export function splitKey(rawKey: string, lockfileVersion: number): { name: string; version: string } | undefined {
  const key = rawKey.replace(/^\//, '');
  if (!Number.isNaN(lockfileVersion) && lockfileVersion < 6) {
    // v5: name/version with `_peer+deps` after the version.
    const slash = key.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return { name: key.slice(0, slash), version: key.slice(slash + 1).split('_')[0] };
  }
  const withoutPeers = key.replace(/\(.*$/, '');
  const at = withoutPeers.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: withoutPeers.slice(0, at), version: withoutPeers.slice(at + 1) };
}
