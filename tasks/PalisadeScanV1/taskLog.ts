/**
 * The task's log: printed for the pipeline and kept (masked) for the Security hub's log
 * viewer. Every secret value the scan found is masked in the kept copy; the agent masks the
 * printed copy once the values are registered with `##vso[task.setsecret]`.
 */
export class TaskLog {
  private readonly kept: string[] = [];
  private readonly secrets: string[] = [];

  constructor(private readonly write: (line: string) => void = (l) => process.stdout.write(l + '\n')) {}

  /** Values to mask from now on (longest first, so overlapping values mask fully). */
  addSecrets(values: readonly string[]): void {
    for (const v of values) if (v.length >= 4 && !this.secrets.includes(v)) this.secrets.push(v);
    this.secrets.sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('***');
    return out;
  }

  info(line: string): void {
    const masked = this.mask(line);
    this.kept.push(masked);
    this.write(masked);
  }

  /** A `##vso` command: printed as is (the agent consumes it), not kept for the hub. */
  command(line: string): void {
    this.write(line);
  }

  warning(line: string): void {
    const masked = this.mask(line);
    this.kept.push(`WARNING: ${masked}`);
    this.write(`##vso[task.logissue type=warning]${escapeData(masked)}`);
  }

  error(line: string): void {
    const masked = this.mask(line);
    this.kept.push(`ERROR: ${masked}`);
    this.write(`##vso[task.logissue type=error]${escapeData(masked)}`);
  }

  section(title: string): void {
    this.kept.push(`== ${title}`);
    this.write(`##[section]${title}`);
  }

  text(): string {
    return this.kept.join('\n') + '\n';
  }
}

/** Escaping for the message part of a logging command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for a property value of a logging command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/]/g, '%5D').replace(/;/g, '%3B');
}
