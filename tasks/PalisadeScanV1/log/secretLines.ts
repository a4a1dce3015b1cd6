/**
 * What must be registered with the agent (and masked in the kept log) for a secret value to
 * never be printed. The agent masks registered values line by line and task-lib's `setSecret`
 * refuses a value with a line break, so a multi-line secret (a PEM or OpenSSH key, a PuTTY key,
 * a service-account JSON whose key holds `\n` escapes) is registered one line at a time: split
 * at real line breaks and at the `\n` / `\r\n` escape sequences JSON and other source formats
 * use. Each line is also registered in the forms our own output gives it: JSON-escaped (SARIF,
 * hub documents), as a Markdown table cell (the build summary) and as the log prints it.
 */
import { neutralise } from './logText';
import { mdText } from '../steps/reporting';

/** A single-line value this short is still masked (as before); shorter ones mask nothing useful. */
export const MIN_SECRET_LENGTH = 4;
/**
 * A line of a multi-line secret shorter than this is not registered: the last line of a key
 * (`AB==`) would mask every occurrence of those few characters in the whole log.
 */
export const MIN_SECRET_LINE = 6;

/** Real line breaks, and the escaped forms source files write them in (`\n`, `\r\n`, `\\n`). */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]|\\+r\\+n|\\+[rn]/;
const REAL_LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** The lines of one secret value worth registering, trimmed. */
export function secretLines(value: string): string[] {
  const out = new Set<string>();
  const whole = value.trim();
  if (!REAL_LINE_BREAK.test(whole) && whole.length >= MIN_SECRET_LENGTH) out.add(whole);
  for (const piece of value.split(LINE_BREAK)) {
    const line = piece.trim();
    if (line.length >= MIN_SECRET_LINE) out.add(line);
  }
  return [...out];
}

const singleLine = (forms: Set<string>) => [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH && !REAL_LINE_BREAK.test(f)).sort((a, b) => b.length - a.length);

/**
 * The single-line forms of the given secrets the log can print, to register with the agent,
 * longest first: each line, JSON-escaped (a message quoting JSON), neutralised (logText.ts).
 */
export function agentSecretForms(values: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    for (const line of secretLines(value)) {
      forms.add(line);
      forms.add(JSON.stringify(line).slice(1, -1));
      forms.add(neutralise(line));
      // `\/` is JSON's optional escape of `/`: a key copied out of such a file appears both ways.
      if (line.includes('\\/')) forms.add(line.replace(/\\\//g, '/'));
    }
  }
  return singleLine(forms);
}

/**
 * Every form to mask in what the task writes itself, longest first: the agent's forms plus the
 * Markdown ones of the build summary (which the agent does not mask: it is an attachment).
 */
export function secretForms(values: readonly string[]): string[] {
  const forms = new Set(agentSecretForms(values));
  for (const value of values) {
    for (const line of secretLines(value)) {
      forms.add(mdText(line));
      forms.add(neutralise(line).replace(/\|/g, '\\|'));
    }
  }
  return singleLine(forms);
}
