import { ManifestError, emptyManifest, type ParsedManifest } from '../types';
import { expectObject, lineOf, member, members, parseJsonDoc, stringValue } from './jsonTree';

/**
 * NuGet's packages.lock.json: `dependencies` per target framework, each package with its
 * `resolved` version. Project references (`"type": "Project"`) are the solution's own code.
 */
export function parseNuGetLock(text: string): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'packages.lock.json');
  if (member(root, 'version')?.type !== 'number') {
    throw new ManifestError('"version" is missing: this does not look like a NuGet packages.lock.json', 1);
  }
  const out = emptyManifest();
  for (const framework of members(member(root, 'dependencies'))) {
    for (const { key, keyNode, value } of members(framework.value)) {
      if (stringValue(member(value, 'type')) === 'Project') continue;
      const line = lineOf(doc, keyNode);
      const resolved = stringValue(member(value, 'resolved'));
      if (!resolved) out.unchecked.push({ name: key, reason: 'no resolved version', line });
      else out.packages.push({ ecosystem: 'NuGet', name: key, version: resolved, line });
    }
  }
  return out;
}
