/**
 * The built-in rules, parsed and validated once at build time into one JSON file. Loading ~270
 * YAML files with schema checks costs most of a small scan; the bundle costs a JSON.parse.
 * The YAML files stay the source of truth: a bundle whose sources changed is ignored.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { anchorEntries, seedAnchors, type AnchorEntry } from '../secrets/anchors';
import { isSecretRule, type LoadedRule } from '../rules/ruleSpec';

export const RULE_BUNDLE_FILE = 'rules.bundle.json';

interface SourceStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

interface RuleBundle {
  version: 2;
  sources: SourceStamp[];
  rules: LoadedRule[];
  /** The secret patterns' anchors, worked out at build time like the validation. */
  anchors: AnchorEntry[];
}

/** Rule files under `dir`, sorted, so rule order is stable. */
export function listRuleFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  return files.sort();
}

function stamps(sourceDir: string): SourceStamp[] {
  return listRuleFiles(sourceDir).map((f) => {
    const st = statSync(f);
    return { path: relative(sourceDir, f).split(sep).join('/'), size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
  });
}

export function writeRuleBundle(rules: readonly LoadedRule[], sourceDir: string, outFile: string): void {
  const secretSpecs = rules.map((r) => r.spec).filter(isSecretRule);
  const bundle: RuleBundle = { version: 2, sources: stamps(sourceDir), rules: [...rules], anchors: anchorEntries(secretSpecs) };
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(bundle));
  renameSync(tmp, outFile);
}

/**
 * The bundle's rules, or null when it is missing, unreadable, or older than `sourceDir`'s
 * files. Without a source folder (a packaged task) the bundle is trusted as built.
 */
export function readFreshBundle(bundleFile: string, sourceDir: string | undefined): LoadedRule[] | null {
  if (!existsSync(bundleFile)) return null;
  let bundle: RuleBundle;
  try {
    bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as RuleBundle;
  } catch {
    return null;
  }
  if (bundle.version !== 2 || !Array.isArray(bundle.rules) || !Array.isArray(bundle.anchors)) return null;
  if (sourceDir && existsSync(sourceDir)) {
    const now = stamps(sourceDir);
    if (now.length !== bundle.sources.length) return null;
    for (let i = 0; i < now.length; i++) {
      const a = now[i];
      const b = bundle.sources[i];
      if (a.path !== b.path || a.size !== b.size || a.mtimeMs !== b.mtimeMs) return null;
    }
  }
  seedAnchors(bundle.anchors);
  return bundle.rules;
}
