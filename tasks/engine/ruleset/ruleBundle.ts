/**
 * The built-in rules, parsed and validated once at build time into JSON. Loading ~300 YAML
 * files with schema checks costs most of a small scan; the bundle costs a JSON.parse.
 * The YAML files stay the source of truth: a bundle whose sources changed is ignored.
 *
 * A scan needs neither the rules' samples nor their help (only SARIF shows help), and parsing
 * them was most of the bundle's cost, so they live in two files of their own beside it, read
 * when a spec's `help` or `samples` is first asked for. All three are ASCII (other characters
 * escaped), read as Latin-1: the UTF-8 decoder was slower than the parse.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { anchorEntries, seedAnchors, type AnchorEntry } from '../secrets/anchors';
import { isSecretRule, type LoadedRule, type RuleSpec } from '../rules/ruleSpec';
import { rememberPlainHelp, stripMarkdown } from './ruleSummary';

export const RULE_BUNDLE_FILE = 'rules.bundle.json';

/** The files beside the bundle that hold what a scan does not need. */
export function bundlePartFiles(bundleFile: string): { help: string; samples: string } {
  const base = bundleFile.replace(/\.json$/, '');
  return { help: `${base}.help.json`, samples: `${base}.samples.json` };
}

interface SourceStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

const BUNDLE_VERSION = 3;

interface RuleBundle {
  version: typeof BUNDLE_VERSION;
  sources: SourceStamp[];
  rules: LoadedRule[];
  /** The secret patterns' anchors, worked out at build time like the validation. */
  anchors: AnchorEntry[];
}

/** Per rule id: its help as written (Markdown) and as plain text. */
type HelpPart = Record<string, { markdown: string; text: string }>;
type SamplesPart = Record<string, RuleSpec['samples']>;

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

/**
 * The rule files' paths (relative, `/`-separated, in listRuleFiles' order), sizes and times.
 * Run at every start in a checkout, so paths are built as the walk goes (no path.relative),
 * and stats are BigInt ones (the plain ones build four Date objects per file).
 */
function stamps(sourceDir: string): SourceStamp[] {
  const out: { abs: string; rel: string }[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const a = abs + sep + e.name;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(a, r);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push({ abs: a, rel: r });
    }
  };
  walk(sourceDir, '');
  // The order of listRuleFiles (sorted absolute paths): the same prefix, so the same as by `abs`.
  out.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
  return out.map(({ abs, rel }) => {
    const st = statSync(abs, { bigint: true });
    return { path: rel, size: Number(st.size), mtimeMs: Number(st.mtimeMs) };
  });
}

/** JSON with every character beyond ASCII escaped, so that it reads as Latin-1. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function writeRuleBundle(rules: readonly LoadedRule[], sourceDir: string, outFile: string): void {
  const secretSpecs = rules.map((r) => r.spec).filter(isSecretRule);
  const help: HelpPart = {};
  const samples: SamplesPart = {};
  const lean = rules.map((r) => {
    const { help: markdown, samples: s, ...rest } = r.spec;
    help[r.spec.id] = { markdown, text: stripMarkdown(markdown) };
    samples[r.spec.id] = s;
    return { ...r, spec: rest as RuleSpec };
  });
  const bundle: RuleBundle = { version: BUNDLE_VERSION, sources: stamps(sourceDir), rules: lean, anchors: anchorEntries(secretSpecs) };
  mkdirSync(dirname(outFile), { recursive: true });
  const parts = bundlePartFiles(outFile);
  // The parts first: a bundle is only used when they are there.
  writeAtomically(parts.help, asciiJson(help));
  writeAtomically(parts.samples, asciiJson(samples));
  writeAtomically(outFile, asciiJson(bundle));
}

/**
 * Gives each spec `help` and `samples` properties that read their file on first use (once for
 * all rules) and then hold the value like any other property. One getter and setter per
 * property for the whole bundle (a spec finds its part by its id): closures and descriptors
 * per spec were most of the start-up's allocation.
 */
function attachParts(rules: readonly LoadedRule[], bundleFile: string): void {
  const files = bundlePartFiles(bundleFile);
  let help: HelpPart | undefined;
  let samples: SamplesPart | undefined;
  const read = <T>(file: string): T => {
    try {
      return JSON.parse(readFileSync(file, 'latin1')) as T;
    } catch (e) {
      throw new Error(`Palisade's rule bundle is incomplete: ${file} cannot be read (${(e as Error).message}); run "npm run build" or reinstall`);
    }
  };
  const loadHelp = (): HelpPart => {
    if (help) return help;
    help = read<HelpPart>(files.help);
    for (const r of rules) {
      const h = help[r.spec.id];
      if (h) rememberPlainHelp(r.spec, h.text);
    }
    return help;
  };
  const helpProperty = lazyDescriptor('help', (spec) => loadHelp()[spec.id]?.markdown ?? '');
  const samplesProperty = lazyDescriptor('samples', (spec) => (samples ??= read<SamplesPart>(files.samples))[spec.id] ?? { positive: [], negative: [] });
  for (const r of rules) {
    Object.defineProperty(r.spec, 'help', helpProperty);
    Object.defineProperty(r.spec, 'samples', samplesProperty);
  }
}

function lazyDescriptor(key: 'help' | 'samples', load: (spec: RuleSpec) => unknown): PropertyDescriptor {
  function settle(this: RuleSpec, value: unknown): void {
    Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return {
    enumerable: true,
    configurable: true,
    get(this: RuleSpec) {
      const value = load(this);
      settle.call(this, value);
      return value;
    },
    set: settle,
  };
}

/**
 * The bundle's rules, or null when it is missing, unreadable, or older than `sourceDir`'s
 * files. Without a source folder (a packaged task) the bundle is trusted as built.
 */
export function readFreshBundle(bundleFile: string, sourceDir: string | undefined): LoadedRule[] | null {
  if (!existsSync(bundleFile)) return null;
  const parts = bundlePartFiles(bundleFile);
  if (!existsSync(parts.help) || !existsSync(parts.samples)) return null;
  let bundle: RuleBundle;
  try {
    bundle = JSON.parse(readFileSync(bundleFile, 'latin1')) as RuleBundle;
  } catch {
    return null;
  }
  if (bundle.version !== BUNDLE_VERSION || !Array.isArray(bundle.rules) || !Array.isArray(bundle.anchors)) return null;
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
  attachParts(bundle.rules, bundleFile);
  return bundle.rules;
}
