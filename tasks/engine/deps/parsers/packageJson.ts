import type { ManifestContext } from '../types';

/** A dependency the project's own manifest names. */
export interface DeclaredDependency {
  name: string;
  range: string;
  dev: boolean;
}

/**
 * The dependencies package.json beside a lockfile declares: yarn.lock and version 1 npm
 * lockfiles do not say which packages the project names itself, nor which are dev-only.
 * Undefined when there is no readable package.json.
 */
export function packageJsonRoots(ctx: ManifestContext | undefined, dir = ''): DeclaredDependency[] | undefined {
  const text = ctx?.readRelative(`${dir ? `${dir}/` : ''}package.json`);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const out: DeclaredDependency[] = [];
  const sections: [string, boolean][] = [
    ['dependencies', false],
    ['optionalDependencies', false],
    ['peerDependencies', false],
    ['devDependencies', true],
  ];
  for (const [section, dev] of sections) {
    const deps = (json as Record<string, unknown>)[section];
    if (typeof deps !== 'object' || deps === null || Array.isArray(deps)) continue;
    for (const [name, range] of Object.entries(deps)) if (typeof range === 'string') out.push({ name, range, dev });
  }
  return out;
}
