import type { Diagnostic, Finding } from '../../contract/findings';
import type { CodeRuleSpec } from '../rules/codeRuleSpec';
import { languageOfPath } from '../code/languages';
import { decodeText } from '../text/decode';
import { MAX_TEXT_BYTES, readBounded } from '../text/fileRead';
import type { WalkedFile } from './walker';

/**
 * Rules whose findings another file of the tree may answer (`unlessTreeMatches`): an ASP.NET
 * Core app that registers AutoValidateAntiforgeryToken for every controller in Program.cs
 * validates each action that no attribute of its own mentions. Checked after the scan, and
 * only for rules that found something, so a tree pays the extra reads only where it matters.
 */
export interface TreeAnswer {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

export function dropTreeAnswered(
  findings: Finding[],
  specs: readonly Pick<CodeRuleSpec, 'id' | 'languages' | 'unlessTreeMatches'>[],
  /** The tree's files, asked for only when a gated rule found something. */
  treeFiles: () => readonly WalkedFile[],
  maxFileSize = MAX_TEXT_BYTES,
): TreeAnswer {
  const gated = specs.filter((s) => s.unlessTreeMatches && findings.some((f) => f.ruleId === s.id));
  if (!gated.length) return { findings, diagnostics: [] };
  const files = treeFiles();
  const answered = new Map<string, string>();
  const texts = new Map<string, string | null>();
  const textOf = (f: WalkedFile): string | null => {
    let t = texts.get(f.path);
    if (t === undefined) {
      const read = readBounded(f.abs, maxFileSize);
      t = 'skip' in read ? null : (decodeText(read.bytes)?.text ?? null);
      texts.set(f.path, t);
    }
    return t;
  };
  for (const spec of gated) {
    const re = new RegExp(spec.unlessTreeMatches!);
    const langs = new Set<string>(spec.languages);
    for (const f of files) {
      const lang = languageOfPath(f.path);
      if (!lang || !langs.has(lang)) continue;
      const text = textOf(f);
      if (text !== null && re.test(text)) {
        answered.set(spec.id, f.path);
        break;
      }
    }
  }
  if (!answered.size) return { findings, diagnostics: [] };
  const kept = findings.filter((f) => !answered.has(f.ruleId));
  const diagnostics: Diagnostic[] = [];
  for (const [id, path] of answered) {
    const n = findings.filter((f) => f.ruleId === id).length;
    diagnostics.push({ level: 'warning', path, message: `${n} finding(s) of ${id} left out: ${path} answers them for the whole tree (its rule's unlessTreeMatches)` });
  }
  return { findings: kept, diagnostics };
}
