/**
 * In a pull-request build the gate is judged by the target branch's rules: a PR cannot loosen
 * its own gate by editing `.palisade.yml` or by adding `palisade-ignore` comments. Its weakening
 * configuration changes become findings a reviewer sees; its new inline suppressions are listed
 * and do not silence anything until merged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, RuleSummary } from '../../contract/findings';
import { addedIgnoreLines, compareConfigs, EMPTY_CONFIG, fingerprint, lineOf, type LoadedRule, type PalisadeConfig, parseConfigText, type ParsedYaml, SUPPRESSION_MARKER, type Weakening } from '../../engine';
import { describe } from '../azure/session';
import type { PrChanges } from '../azure/prChanges';
import type { TaskLog } from '../log/taskLog';

export const WEAKENED_RULE_ID = 'palisade-config-weakened';

const WEAKENED_RULE: RuleSummary = {
  id: WEAKENED_RULE_ID,
  kind: 'code',
  title: 'Pull request weakens the security scan',
  description: 'The pull request changes the Palisade configuration so that the scan finds less. It applies only once merged.',
  severity: 'high',
  cwe: [],
  helpText: 'A reviewer should confirm the change is intended. Until the pull request is merged, its build is scanned with the target branch\'s configuration.',
  helpMarkdown: 'A reviewer should confirm the change is intended. Until the pull request is merged, its build is scanned with the target branch\'s configuration.',
  tags: ['configuration'],
};

/** Files with new `palisade-ignore` comments compared at most (each may cost one base-version read). */
const MAX_IGNORE_FILES = 300;

export interface NewIgnore {
  path: string;
  line: number;
}

export interface TargetConfigInput {
  /** The configuration as the PR's checkout has it (already validated). */
  head: PalisadeConfig;
  /** The config file relative to the scan root, `/`-separated. */
  configPath: string;
  changes: PrChanges | undefined;
  builtins: readonly LoadedRule[];
  root: string;
  log: TaskLog;
}

/** The configuration a PR build scans with, and what the PR tried to loosen. */
export class TargetConfig {
  private constructor(
    readonly config: PalisadeConfig,
    private readonly weakenings: Weakening[],
    private readonly headParsed: ParsedYaml | undefined,
    private readonly input: TargetConfigInput,
  ) {}

  static async resolve(input: TargetConfigInput): Promise<TargetConfig> {
    const { head, configPath, changes, builtins, log } = input;
    const change = changes?.files.find((f) => f.path === configPath);
    if (changes && !change) return new TargetConfig(head, [], undefined, input);
    const builtinIds = new Set(builtins.map((r) => r.spec.id));
    if (!changes) {
      // Which configuration the target has is unknown: built-in defaults, plus only what the PR makes stricter.
      const { weakenings, effective } = compareConfigs(EMPTY_CONFIG, head, builtins);
      if (weakenings.length) log.warning(`Could not read ${configPath} at the merge base; scanning with the built-in defaults and only the stricter parts of this pull request's configuration (not applied: ${weakenings.map((w) => w.what).join('; ')}).`);
      return new TargetConfig(effective, [], undefined, input);
    }
    let target: PalisadeConfig = EMPTY_CONFIG;
    let targetNote = 'the target branch has none: built-in defaults';
    if (change!.basePath) {
      try {
        const text = await changes.readBase(change!.basePath);
        if (text) {
          target = parseConfigText(text.toString('utf8'), builtinIds, `${configPath} (target branch)`).config;
          targetNote = `the target branch's version (${changes.baseCommit.slice(0, 12)})`;
        }
      } catch (e) {
        targetNote = `built-in defaults: the target branch's version could not be used (${describe(e)})`;
      }
    }
    let headParsed: ParsedYaml | undefined;
    try {
      if (head.path) headParsed = parseConfigText(readFileSync(head.path, 'utf8'), builtinIds, configPath).parsed;
    } catch {
      // Deleted by the PR, or unreadable: weakenings point at line 1.
    }
    const { weakenings, effective } = compareConfigs(target, head, builtins);
    log.info(`This pull request changes ${configPath}; the gate uses ${targetNote}${weakenings.length ? '' : ', plus the pull request\'s stricter settings'}.`);
    for (const w of weakenings) log.warning(`${configPath}: this pull request weakens the security scan: it ${w.what}. It applies once merged.`);
    return new TargetConfig({ ...effective, path: head.path, source: configPath }, weakenings, headParsed, input);
  }

  /**
   * After the scan and the new-finding comparison: findings silenced only by a `palisade-ignore`
   * the PR added count again, and each weakening becomes a new high finding on the config file.
   * Returns the notes for the build summary and the PR status.
   */
  async apply(findings: Finding[], rules: RuleSummary[], newFingerprints: Set<string> | undefined): Promise<{ notes: string[]; statusNote?: string }> {
    const notes: string[] = [];
    const ignores = await this.newIgnores(findings);
    if (ignores.length) {
      const list = ignores.map((i) => `${i.path}:${i.line}`).join(', ');
      const unsilenced = this.unsilence(findings, ignores);
      const line = `${ignores.length} new ${SUPPRESSION_MARKER} comment${ignores.length === 1 ? '' : 's'} in this pull request (they count once merged): ${list}`;
      this.input.log.warning(`${line}${unsilenced ? `; ${unsilenced} finding${unsilenced === 1 ? '' : 's'} they would hide still count${unsilenced === 1 ? 's' : ''}` : ''}.`);
      notes.push(line);
    }
    for (const w of this.weakenings) {
      const f = this.weakeningFinding(w);
      findings.push(f);
      newFingerprints?.add(f.fingerprint);
    }
    if (this.weakenings.length) {
      if (!rules.some((r) => r.id === WEAKENED_RULE_ID)) rules.push(WEAKENED_RULE);
      notes.push(`This pull request weakens the security scan (${this.weakenings.map((w) => w.what).join('; ')}); the target branch's configuration applies until it is merged.`);
    }
    const statusNote = ignores.length ? `${ignores.length} new ${SUPPRESSION_MARKER} comment${ignores.length === 1 ? '' : 's'}` : undefined;
    return { notes, statusNote };
  }

  private weakeningFinding(w: Weakening): Finding {
    const line = lineOf(this.headParsed, w.key) ?? 1;
    const message = `This pull request weakens the security scan: it ${w.what}.`;
    return {
      ruleId: WEAKENED_RULE_ID,
      kind: 'code',
      severity: 'high',
      message,
      path: this.input.configPath,
      region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
      preview: w.what.slice(0, 120),
      fingerprint: fingerprint(WEAKENED_RULE_ID, this.input.configPath, w.what),
    };
  }

  /** `palisade-ignore` lines the PR added, in the files it changed. */
  private async newIgnores(findings: readonly Finding[]): Promise<NewIgnore[]> {
    const changes = this.input.changes;
    if (!changes) {
      if (findings.some((f) => f.suppression?.kind === 'inSource')) this.input.log.warning(`The pull request's changes are unknown, so ${SUPPRESSION_MARKER} comments it may have added cannot be told apart; they are honoured.`);
      return [];
    }
    const out: NewIgnore[] = [];
    const candidates: { path: string; basePath?: string; text: string }[] = [];
    for (const f of changes.files) {
      if (f.change === 'delete' || f.path === this.input.configPath) continue;
      let text: string;
      try {
        text = readFileSync(join(this.input.root, f.path), 'utf8');
      } catch {
        continue;
      }
      if (text.includes(SUPPRESSION_MARKER)) candidates.push({ path: f.path, basePath: f.basePath, text });
    }
    if (candidates.length > MAX_IGNORE_FILES) this.input.log.warning(`${candidates.length} changed files mention ${SUPPRESSION_MARKER}; all of their comments are treated as new beyond the first ${MAX_IGNORE_FILES}.`);
    for (const [i, c] of candidates.entries()) {
      let base: string | null = null;
      if (c.basePath && i < MAX_IGNORE_FILES) {
        try {
          base = (await changes.readBase(c.basePath))?.toString('utf8') ?? null;
        } catch (e) {
          this.input.log.info(`Could not read ${c.path} at the merge base (${describe(e)}); its ${SUPPRESSION_MARKER} comments count as new.`);
        }
      }
      for (const line of addedIgnoreLines(c.text, base)) out.push({ path: c.path, line });
    }
    return out;
  }

  /** Drops inline suppressions that come from a new comment (on the finding's line or the one above). */
  private unsilence(findings: Finding[], ignores: readonly NewIgnore[]): number {
    const at = new Set(ignores.map((i) => `${i.path}:${i.line}`));
    let n = 0;
    for (const f of findings) {
      if (f.suppression?.kind !== 'inSource') continue;
      const l = f.region.startLine;
      if (at.has(`${f.path}:${l}`) || at.has(`${f.path}:${l - 1}`)) {
        f.suppression = undefined;
        n++;
      }
    }
    return n;
  }
}
