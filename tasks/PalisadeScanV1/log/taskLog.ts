/**
 * The task's log: printed for the pipeline and kept (masked) for the Security hub's log
 * viewer. Everything printed goes through here: each message is masked (every line of every
 * secret the scan found, in each form our output gives it) and neutralised (logText.ts), so
 * text from the repository, a pull request, a SARIF file or a server prints as one inert line;
 * logging commands are sent through task-lib (agentOutput.ts), which escapes them.
 */
import { textOutput, type AgentOutput, type IssueLocation } from './agentOutput';
import { neutralise } from './logText';
import { agentSecretForms, secretForms } from './secretLines';

export type { IssueLocation } from './agentOutput';

export class TaskLog {
  private readonly kept: string[] = [];
  /** Single-line forms to mask, longest first. */
  private secrets: string[] = [];
  /** Forms already registered with the agent. */
  private readonly registered = new Set<string>();
  private readonly out: AgentOutput;

  /** `out`: task-lib on an agent; a function receives the printed lines (tests, default stdout). */
  constructor(out: AgentOutput | ((line: string) => void) = (l) => process.stdout.write(l + '\n')) {
    this.out = typeof out === 'function' ? textOutput(out) : out;
  }

  /**
   * Registers the secrets with the agent, one line and one form at a time, and masks them in
   * the kept copy from now on. Call it before printing anything that could contain them.
   */
  registerSecrets(values: readonly string[]): void {
    for (const f of agentSecretForms(values)) {
      if (this.registered.has(f)) continue;
      this.registered.add(f);
      this.out.setSecret(f);
    }
    const known = new Set(this.secrets);
    this.secrets = [...this.secrets, ...secretForms(values).filter((f) => !known.has(f))].sort((a, b) => b.length - a.length);
  }

  /** Kept for callers written before registerSecrets: the same thing. */
  addSecrets(values: readonly string[]): void {
    this.registerSecrets(values);
  }

  /**
   * `text` with every occurrence of a registered form replaced by `***`. Overlapping
   * occurrences are merged first (as the agent does), so no part of a secret survives between two.
   */
  mask(text: string): string {
    const spans: [number, number][] = [];
    for (const s of this.secrets) {
      for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) spans.push([i, i + s.length]);
    }
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let at = 0;
    let [start, end] = spans[0];
    for (const [s, e] of spans.slice(1)) {
      if (s <= end) end = Math.max(end, e);
      else {
        out += text.slice(at, start) + '***';
        at = end;
        [start, end] = [s, e];
      }
    }
    return out + text.slice(at, start) + '***' + text.slice(end);
  }

  /** Masked and neutralised: safe to print as one line anywhere on the agent. */
  clean(text: string): string {
    return neutralise(this.mask(text));
  }

  info(line: string): void {
    const safe = this.clean(line);
    this.kept.push(safe);
    this.out.line(safe);
  }

  warning(line: string): void {
    const safe = this.clean(line);
    this.kept.push(`WARNING: ${safe}`);
    this.out.issue('warning', safe);
  }

  error(line: string): void {
    const safe = this.clean(line);
    this.kept.push(`ERROR: ${safe}`);
    this.out.issue('error', safe);
  }

  /** A finding's annotation on its file and line (not kept: the hub lists findings itself). */
  annotate(type: 'error' | 'warning', message: string, at: IssueLocation): void {
    this.out.issue(type, this.clean(message), { ...at, path: this.clean(at.path), code: at.code === undefined ? undefined : this.clean(at.code) });
  }

  section(title: string): void {
    const safe = this.clean(title);
    this.kept.push(`== ${safe}`);
    this.out.line(`##[section]${safe}`);
  }

  /** An output variable for later steps (`name` is the task's own; the value is neutralised). */
  setOutput(name: string, value: string): void {
    this.out.setOutput(name, this.clean(value));
  }

  /** Asks the agent to upload `folder` as the container artifact `name`. */
  uploadArtifact(name: string, folder: string): void {
    this.out.uploadArtifact(name, folder);
  }

  /** Attaches the Markdown file to the build summary. */
  uploadSummary(file: string): void {
    this.out.uploadSummary(file);
  }

  /** Tags this build (`tag` is the task's own constant). */
  addBuildTag(tag: string): void {
    this.out.addBuildTag(tag);
  }

  text(): string {
    return this.kept.join('\n') + '\n';
  }
}
