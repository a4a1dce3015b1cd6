import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ManifestContext, ParsedManifest } from '../../../../../tasks/engine/deps/types';
import { decodeText } from '../../../../../tasks/engine/text/decode';
import { fixture } from './fixtures';

/** The text of a sample under test/fixtures/deps, decoded as the scanner decodes it. */
export function fixtureText(rel: string): string {
  const decoded = decodeText(readFileSync(fixture(rel)));
  assert.ok(decoded, `${rel} decodes`);
  return decoded.text;
}

/** A manifest context whose sibling files are the given texts. */
export function siblings(files: Record<string, string> = {}): ManifestContext {
  return { readRelative: (rel) => files[rel] };
}

/** `name@version:line` (+`:dev`), in file order. */
export function pkgs(m: ParsedManifest): string[] {
  return m.packages.map((p) => `${p.name}@${p.version}:${p.line}${p.dev ? ':dev' : ''}`);
}

/** `name:line` of the packages the manifest could not pin. */
export function unchecked(m: ParsedManifest): string[] {
  return m.unchecked.map((u) => `${u.name}:${u.line}`);
}

export function ecosystems(m: ParsedManifest): string[] {
  return [...new Set(m.packages.map((p) => p.ecosystem))];
}
