/**
 * The secret scan's shortcuts (keyword automaton, anchors, sticky regexes at anchor places,
 * byte-level reading and decoding, threads) must never change a finding. This test builds a
 * slice of real code (text files of this project's node_modules, with every built-in rule's
 * positive and negative samples spliced in at seeded places), scans it with the engine, and
 * compares every finding with a plain reference: each rule whose keyword occurs runs its
 * regular expression over the whole text from the start, without anchors or shortcuts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SEVERITIES, type Finding } from '../../../../tasks/contract/findings';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { genericEntropyBar, shannonEntropy } from '../../../../tasks/engine/secrets/entropy';
import { fingerprint } from '../../../../tasks/engine/findings/fingerprint';
import { scan } from '../../../../tasks/engine/index';
import { LineIndex } from '../../../../tasks/engine/text/lineIndex';
import { genericVerdict, isDocumentedExample, isWordyIdentifier, placeholderVerdict } from '../../../../tasks/engine/secrets/placeholders';
import { isPublicClientKey } from '../../../../tasks/engine/secrets/publicClient';
import { appendsTo, compileSecretRule, isIdUnderBareKey, isSqlCondition, isTernaryBranch, distinctivePrefixLength, elided, exactFormat, inResourcePath, isPasswordRule, namesItsSetting, namesVendor, followedByMember, runsIntoLetter } from '../../../../tasks/engine/secrets/detector';
import { isLocalisationPath, isProse } from '../../../../tasks/engine/secrets/findingContext';
import { SECRET_VALIDATORS, VALIDATED_PLACEHOLDERS } from '../../../../tasks/engine/secrets/validators';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';

const REPO = join(__dirname, '..', '..', '..', '..', '..');
const EXT = /\.(c?js|mjs|ts|json|md|ya?ml)$/;
/** About this much real code: enough files for keywords to be everywhere, small enough for a unit test. */
const SLICE_BYTES = 4 * 1024 * 1024;

/** A tiny seeded generator (mulberry32), so the slice is the same in every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function textFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && e.name !== '.bin' && e.name !== '.cache') stack.push(r);
      else if (e.isFile() && EXT.test(e.name)) out.push(r);
    }
  }
  return out.sort();
}

// ---- the reference: no automaton, no anchors, whole-text global search ----------------------

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLetter = (c: number): boolean => isLower(c) || isUpper(c);

/** Whether `kw` (lower case) occurs, ASCII letters compared without case, short ones on word edges. */
function keywordOccurs(text: string, lowered: string, kw: string): boolean {
  for (let i = lowered.indexOf(kw); i !== -1; i = lowered.indexOf(kw, i + 1)) {
    if (kw.length > 3) return true;
    const end = i + kw.length - 1;
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(end);
    const startOk = !isLetter(kw.charCodeAt(0)) || i === 0 || !((isLower(text.charCodeAt(i - 1)) && isLower(a)) || (isUpper(text.charCodeAt(i - 1)) && isUpper(a)));
    const endOk = !isLetter(kw.charCodeAt(kw.length - 1)) || end + 1 >= text.length || !(isLower(text.charCodeAt(end + 1)) && isLower(b));
    if (startOk && endOk) return true;
  }
  return false;
}

interface RefHit {
  spec: SecretRuleSpec;
  start: number;
  end: number;
  secret: string;
}

function referenceHits(text: string, specs: readonly SecretRuleSpec[], path: string): RefHit[] {
  // Lower-case ASCII only: the engine's keywords never match through other letters.
  const lowered = text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  const hits: RefHit[] = [];
  const vetoes: RefHit[] = [];
  // Rules that own their prefix (prefixOwned) and ran, with the spans they reported or turned
  // down (as the engine: a match a checksum rule drops, a failed filler, vouches for no value).
  const owners: { spec: SecretRuleSpec; matched: [number, number][] }[] = [];
  for (const spec of specs) {
    // Path rules read file names, not text (none of the corpus's files is a key store).
    if (spec.scope === 'path') continue;
    // Rules limited to some files (files:) run on those only.
    if (spec.files !== undefined && !new RegExp(spec.files, 'i').test(path)) continue;
    if (!spec.keywords.some((k) => keywordOccurs(text, lowered, k.toLowerCase()))) continue;
    const re = new RegExp(spec.pattern, 'dg' + (spec.flags ?? ''));
    const allow = (spec.allowlist?.patterns ?? []).map((p) => new RegExp(p));
    const stop = (spec.allowlist?.stopwords ?? []).map((s) => s.toLowerCase());
    const owner = spec.prefixOwned ? { spec, matched: [] as [number, number][] } : undefined;
    if (owner) owners.push(owner);
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      const span = m.indices?.groups?.secret ?? m.indices?.[0];
      const secret = m.groups?.secret ?? m[0];
      if (!span || secret === undefined) continue;
      // The receiver of a method call is an identifier (see take).
      if (followedByMember(text, span[1], secret)) continue;
      // A long token-like generic value ending in an ellipsis was cut short for display.
      // So is one cut in the middle, a name inside an ARN is a resource type, and a value that
      // ends with its setting's name is another name for it, one that runs on into a letter
      // outside ASCII the first word of prose; a value added to its setting (+=) is a piece, and a
      // key a browser sends for every visitor is public, a UUID under `key` an id, a column in an
      // SQL condition looked up (see take).
      if (spec.generic && (elided(secret, text, span[1], isPasswordRule(spec)) || (m.index >= 5 && text[m.index - 1] === ':' && inResourcePath(text, m.index)) || namesItsSetting(text, m.index, span[0], secret) || appendsTo(text, m.index, span[0]) || isPublicClientKey(text, span[0]) || isIdUnderBareKey(text, span[0], secret) || runsIntoLetter(text, span[1]) || isSqlCondition(text, m.index) || isTernaryBranch(text, m.index))) continue;
      const allowed = !allow.some((a) => a.test(secret)) && !stop.some((w) => secret.toLowerCase().includes(w));
      // Generic rules hold hex values and short passwords of mixed kinds to lower bars (see genericEntropyBar).
      const random = spec.entropy === undefined || shannonEntropy(secret) >= (spec.generic ? genericEntropyBar(secret, spec.entropy, isPasswordRule(spec)) : spec.entropy);
      // A vendor's fixed prefix (a property of the rule's pattern) changes how fillers are judged.
      const prefix = !spec.generic && exactFormat(spec.pattern) ? distinctivePrefixLength(compileSecretRule(spec), secret) : 0;
      const verdict = placeholderVerdict(secret, prefix);
      // A vendor-gated value that holds the vendor's name inside an identifier, or is a name of words, is a name in code.
      if (!spec.generic && prefix === 0 && verdict !== 'placeholder' && allowed && (namesVendor(spec.keywords, secret) || (!isPasswordRule(spec) && isWordyIdentifier(secret)))) continue;
      // Vendor rules with a fixed alphabet and generic rules keep fillers (at low confidence);
      // keyword-gated vendor rules drop them.
      const generic = spec.generic ? genericVerdict(secret, isPasswordRule(spec), spec.digits) : undefined;
      const plausible = spec.generic
        ? generic === 'filler' || (generic === undefined && random)
        : verdict !== 'placeholder' && ((random && verdict === undefined) || exactFormat(spec.pattern));
      if (spec.validate) {
        // A valid checksum stands in for entropy and placeholder checks; a failed one drops the
        // match unless the rule says `unvalidated: lower` (and the value is no filler).
        const strict = random && verdict === undefined;
        const valid = SECRET_VALIDATORS[spec.validate](secret);
        // A valid format carrying a placeholder password (user:pass) vetoes generic hits on it.
        if (valid && VALIDATED_PLACEHOLDERS[spec.validate]?.(secret)) {
          vetoes.push({ spec, start: span[0], end: span[1], secret });
          owner?.matched.push([span[0], span[1]]);
          continue;
        }
        if (valid ? !allowed || isDocumentedExample(secret) : spec.unvalidated !== 'lower' || !strict || !allowed) continue;
      } else if (!plausible || !allowed) {
        // A vendor format that matched but was turned down vetoes generic hits on that value.
        if (!spec.generic && exactFormat(spec.pattern) && (verdict === 'placeholder' || !allowed)) {
          vetoes.push({ spec, start: span[0], end: span[1], secret });
          owner?.matched.push([span[0], span[1]]);
        }
        continue;
      }
      hits.push({ spec, start: span[0], end: span[1], secret });
      owner?.matched.push([span[0], span[1]]);
    }
  }
  for (let i = hits.length - 1; i >= 0; i--) {
    const h = hits[i];
    if (h.spec.generic && vetoes.some((v) => v.start < h.end && h.start < v.end)) hits.splice(i, 1);
  }
  // A generic value with a prefix some rule owns, which that rule's pattern did not match there.
  for (let i = hits.length - 1; i >= 0; i--) {
    const h = hits[i];
    if (!h.spec.generic) continue;
    const misshapen = owners.some(
      (o) => distinctivePrefixLength(compileSecretRule(o.spec), h.secret) > 0 && !o.matched.some(([a, b]) => a < h.end && h.start < b),
    );
    if (misshapen) hits.splice(i, 1);
  }
  // One secret, one finding (the engine's rule): file-kind hits give way to generic ones, generic
  // hits to specific ones; on one span the most severe specific rule wins.
  const rank = (h: RefHit): number => (h.spec.files !== undefined ? 2 : h.spec.generic ? 1 : 0);
  hits.sort((a, b) => a.start - b.start || rank(a) - rank(b));
  const kept: RefHit[] = [];
  for (const h of hits) {
    const clash = kept.find((k) => k.start < h.end && h.start < k.end);
    if (!clash) kept.push(h);
    else if (rank(h) > 0 && rank(h) >= rank(clash)) continue;
    else if (rank(clash) > rank(h)) kept.splice(kept.indexOf(clash), 1, h);
    else if (!(clash.start === h.start && clash.end === h.end)) kept.push(h);
    else if (SEVERITIES.indexOf(h.spec.severity) < SEVERITIES.indexOf(clash.spec.severity)) kept.splice(kept.indexOf(clash), 1, h);
  }
  return kept;
}

function key(f: { ruleId: string; path: string; startLine: number; startColumn: number; endLine: number; endColumn: number; fingerprint: string }): string {
  return `${f.path}:${f.startLine}:${f.startColumn}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.fingerprint}`;
}

describe('secret scan on real code: identical to a plain reference', function () {
  this.timeout(300_000);
  let root: string;
  let files: string[];
  let specs: SecretRuleSpec[];
  let spliced = 0;

  before(function () {
    const nm = join(REPO, 'node_modules');
    let all: string[];
    try {
      all = textFiles(nm);
    } catch {
      this.skip(); // no node_modules: npm ci first
    }
    // Every k-th file up to SLICE_BYTES, so the slice spans many packages.
    const total = all.reduce((n, f) => n + statSync(join(nm, f)).size, 0);
    const stride = Math.max(1, Math.floor(total / SLICE_BYTES));
    const picked = all.filter((_, i) => i % stride === 0).filter((f) => statSync(join(nm, f)).size <= 512 * 1024);
    specs = activeRules(loadBuiltinRules(), EMPTY_CONFIG).specs.filter((s): s is SecretRuleSpec => s.kind === 'secret');
    const rand = rng(20);
    const texts = new Map(picked.map((f) => [f, readFileSync(join(nm, f), 'utf8')]));
    // Every sample (positive and negative), spliced as a line into a seeded file at a seeded line.
    for (const s of specs) {
      for (const sample of [...s.samples.positive, ...s.samples.negative]) {
        const f = picked[Math.floor(rand() * picked.length)];
        const lines = texts.get(f)!.split('\n');
        lines.splice(Math.floor(rand() * (lines.length + 1)), 0, sample);
        texts.set(f, lines.join('\n'));
        spliced++;
      }
    }
    root = mkdtempSync(join(tmpdir(), 'palisade-realref-'));
    for (const [f, t] of texts) {
      const abs = join(root, f.replace(/(^|\/)node_modules(?=\/)/g, '$1nm'));
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, t);
    }
    files = picked;
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function expected(): string[] {
    const out: string[] = [];
    const stack = [''];
    while (stack.length) {
      const rel = stack.pop()!;
      for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          stack.push(r);
          continue;
        }
        const text = readFileSync(join(root, r), 'utf8').replace(/^\uFEFF/, '');
        const li = new LineIndex(text);
        const catalogue = isLocalisationPath(r);
        for (const h of referenceHits(text, specs, r)) {
          // In message catalogues a generic hit whose value is words is a translation.
          if (catalogue && h.spec.generic && isProse(h.secret)) continue;
          const s = li.position(h.start);
          const e2 = li.position(h.end);
          out.push(key({ ruleId: h.spec.id, path: r, startLine: s.line, startColumn: s.column, endLine: e2.line, endColumn: e2.column, fingerprint: fingerprint(h.spec.id, r, h.secret) }));
        }
      }
    }
    return out.sort();
  }

  const actual = (fs: Finding[]): string[] => fs.map((f) => key({ ruleId: f.ruleId, path: f.path, ...f.region, fingerprint: f.fingerprint })).sort();

  let want: string[];

  it('has a slice worth the name: many files, every sample spliced, findings of most rules', () => {
    want = expected();
    assert.ok(files.length >= 200, `${files.length} files`);
    assert.ok(spliced >= specs.length * 2, `${spliced} samples spliced`);
    const rules = new Set(want.map((k) => k.split(' ')[1]));
    assert.ok(rules.size >= specs.length * 0.8, `findings of ${rules.size} of ${specs.length} rules`);
  });

  it('one thread: the same findings as the reference', async () => {
    const r = await scan({ root, scanners: ['secrets'], workers: 1 });
    assert.deepEqual(actual(r.findings), want);
  });

  it('two threads (batches handed to a worker): the same findings as the reference', async () => {
    const r = await scan({ root, scanners: ['secrets'], workers: 2 });
    assert.deepEqual(actual(r.findings), want);
  });
});
