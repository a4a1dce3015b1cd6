/**
 * Code-rule section of the accuracy benchmark: every code rule's positive and negative samples
 * scanned by the full code rule set, summarised per language and CWE.
 *
 *   node out/test/bench/codeAccuracy.js        (after npx tsc -p .)
 *
 * `codeAccuracySection()` is synchronous for the benchmark runner: parsing needs grammars that
 * load asynchronously, so it runs this module on a helper thread and waits for the result.
 */
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import type { CodeRuleSpec } from '../../tasks/engine/rules/codeRuleSpec';
import { sampleFile } from '../../tasks/engine/code/codeSamples';
import { languageOfPath } from '../../tasks/engine/code/languages';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';

export interface CodeAccuracyRow {
  language: string;
  cwe: string;
  rules: number;
  positives: number;
  /** Positives reported by their own rule. */
  found: number;
  negatives: number;
  /** Negatives reported by any code rule. */
  falseAlarms: number;
  /** Positives also reported by another rule (double reporting). */
  overlaps: number;
}

export interface CodeAccuracySection {
  rows: CodeAccuracyRow[];
  text: string;
}

const WAIT_MS = 300_000;

async function compute(): Promise<CodeAccuracyRow[]> {
  const builtins = loadBuiltinRules();
  const all = activeRules(builtins, { ...EMPTY_CONFIG, enable: builtins.map((r) => r.spec.id) });
  await all.code.prepareAll();
  const byKey = new Map<string, CodeAccuracyRow & { ruleIds: Set<string> }>();
  const rowFor = (language: string, cwe: string): CodeAccuracyRow & { ruleIds: Set<string> } => {
    const k = `${language}\0${cwe}`;
    let r = byKey.get(k);
    if (!r) byKey.set(k, (r = { language, cwe, rules: 0, positives: 0, found: 0, negatives: 0, falseAlarms: 0, overlaps: 0, ruleIds: new Set() }));
    return r;
  };
  for (const loaded of builtins) {
    if (loaded.spec.kind !== 'code') continue;
    const spec: CodeRuleSpec = loaded.spec;
    const judge = (sample: CodeRuleSpec['samples']['positive'][number], positive: boolean): void => {
      const { file, code } = sampleFile(spec, sample);
      const ids = new Set(all.code.scanPrepared(code, file).map((h) => h.rule.spec.id));
      const language = languageOfPath(file) ?? spec.languages[0];
      const lang = language === 'yaml' && spec.languages.includes('azure-pipelines') ? 'azure-pipelines' : language;
      for (const cwe of spec.cwe) {
        const row = rowFor(lang, cwe);
        row.ruleIds.add(spec.id);
        if (positive) {
          row.positives++;
          if (ids.has(spec.id)) row.found++;
          if ([...ids].some((id) => id !== spec.id)) row.overlaps++;
        } else {
          row.negatives++;
          if (ids.size) row.falseAlarms++;
        }
      }
    };
    spec.samples.positive.forEach((s) => judge(s, true));
    spec.samples.negative.forEach((s) => judge(s, false));
  }
  return [...byKey.values()]
    .map(({ ruleIds, ...r }) => ({ ...r, rules: ruleIds.size }))
    .sort((a, b) => a.language.localeCompare(b.language) || Number(a.cwe.slice(4)) - Number(b.cwe.slice(4)));
}

const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

export function formatCodeAccuracy(rows: readonly CodeAccuracyRow[]): string {
  const head = ['language', 'CWE', 'rules', 'recall', 'found/pos', 'false alarms', 'fa/neg', 'overlaps'];
  const sum = rows.reduce(
    (t, r) => ({ positives: t.positives + r.positives, found: t.found + r.found, negatives: t.negatives + r.negatives, falseAlarms: t.falseAlarms + r.falseAlarms, overlaps: t.overlaps + r.overlaps }),
    { positives: 0, found: 0, negatives: 0, falseAlarms: 0, overlaps: 0 },
  );
  const body = rows.map((r) => [r.language, r.cwe, String(r.rules), pct(r.found, r.positives), `${r.found}/${r.positives}`, pct(r.falseAlarms, r.negatives), `${r.falseAlarms}/${r.negatives}`, r.overlaps ? String(r.overlaps) : '']);
  body.push(['all', '', '', pct(sum.found, sum.positives), `${sum.found}/${sum.positives}`, pct(sum.falseAlarms, sum.negatives), `${sum.falseAlarms}/${sum.negatives}`, sum.overlaps ? String(sum.overlaps) : '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    'Code rules: own samples per language and CWE (a sample counts once per CWE of its rule;',
    'recall = positives reported by their rule, false alarms = negatives reported by any code rule)',
    fmt(head),
    ...body.map(fmt),
  ].join('\n');
}

/** The section: rows per language and CWE, and the same as a printable table. */
export function codeAccuracySection(): CodeAccuracySection {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(__filename, { workerData: { mode: 'codeAccuracy', flag, port: port2 }, transferList: [port2] });
  try {
    Atomics.wait(flag, 0, 0, WAIT_MS);
    const reply = receiveMessageOnPort(port1)?.message as { rows?: CodeAccuracyRow[]; error?: string } | undefined;
    if (!reply?.rows) throw new Error(`code accuracy section failed: ${reply?.error ?? 'no answer from the helper thread'}`);
    return { rows: reply.rows, text: formatCodeAccuracy(reply.rows) };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

const wd = workerData as { mode?: string; flag?: Int32Array; port?: MessagePort } | null;
if (!isMainThread && wd?.mode === 'codeAccuracy' && wd.flag && wd.port) {
  const { flag, port } = wd as { flag: Int32Array; port: MessagePort };
  compute().then(
    (rows) => port.postMessage({ rows }),
    (e: unknown) => port.postMessage({ error: (e as Error).message }),
  ).finally(() => {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
} else if (require.main === module) {
  const t0 = Date.now();
  const { text } = codeAccuracySection();
  process.stdout.write(`${text}\n(${Date.now() - t0} ms)\n`);
}
