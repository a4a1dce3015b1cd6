/**
 * Plain-text tables that fit a terminal. Columns keep their natural width when the terminal
 * has room; otherwise they give way in the order the table's steps say (a preview is cut
 * before a title, a title wraps rather than losing words, a path loses its start, never its
 * line number), and a column may be left out altogether when even its minimum does not fit.
 */

export interface Column {
  header: string;
  /** Wrap long text onto more lines instead of cutting it. */
  wrap?: boolean;
  /** Where a cut goes: at the end (text) or at the start (a path, whose end says the most). */
  cut?: 'end' | 'start';
}

/** One way a too-wide table gives way: a column narrowed to `to` characters, or left out. */
export type FitStep = { column: number; to: number } | { column: number; drop: true };

export interface TableLayout {
  /** Width of each column; 0 when it is left out. */
  widths: number[];
  shown: boolean[];
}

export const GAP = 2;

/** Cuts `s` to `width` characters, with an ellipsis where text was left out. */
export function fitText(s: string, width: number, cut: 'end' | 'start' = 'end'): string {
  if (s.length <= width) return s;
  if (width <= 1) return s.slice(0, Math.max(0, width));
  return cut === 'end' ? s.slice(0, width - 1) + '\u2026' : '\u2026' + s.slice(s.length - (width - 1));
}

/** Breaks `s` into lines of at most `width` characters, at spaces where it can. */
export function wrapText(s: string, width: number): string[] {
  if (s.length <= width || width < 1) return [s];
  const lines: string[] = [];
  let rest = s;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const at = space > 0 ? space : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) lines.push(rest);
  return lines;
}

/**
 * Widths for `rows` within `maxWidth` characters: each column as wide as its widest cell, then
 * the steps in order, each only while the table is still too wide. A table that is too wide
 * after every step is printed anyway (the terminal wraps it), never cut to nothing.
 */
export function layoutTable(columns: readonly Column[], rows: readonly string[][], maxWidth: number, steps: readonly FitStep[]): TableLayout {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => r[i].length)));
  const shown = columns.map(() => true);
  const total = (): number => {
    const visible = widths.filter((_, i) => shown[i]);
    return visible.reduce((a, b) => a + b, 0) + GAP * (visible.length - 1);
  };
  for (const step of steps) {
    const excess = total() - maxWidth;
    if (excess <= 0) break;
    if ('drop' in step) {
      shown[step.column] = false;
      widths[step.column] = 0;
    } else {
      const floor = Math.max(step.to, columns[step.column].header.length);
      widths[step.column] = Math.max(floor, widths[step.column] - excess);
    }
  }
  return { widths, shown };
}

/** Renders rows (already made printable) as a table no wider than `maxWidth` where it can be. */
export function renderTextTable(columns: readonly Column[], rows: readonly string[][], maxWidth: number, steps: readonly FitStep[], colorOf?: (row: number) => string | undefined, reset = '\x1b[0m'): string {
  const { widths, shown } = layoutTable(columns, rows, maxWidth, steps);
  const visible = columns.map((_, i) => i).filter((i) => shown[i]);
  const last = visible[visible.length - 1];
  const physical = (cells: readonly string[]): string[] => {
    const parts = visible.map((i) => (columns[i].wrap ? wrapText(cells[i], widths[i]) : [fitText(cells[i], widths[i], columns[i].cut)]));
    const height = Math.max(...parts.map((p) => p.length));
    const out: string[] = [];
    for (let l = 0; l < height; l++) {
      out.push(visible.map((i, k) => {
        const text = parts[k][l] ?? '';
        return i === last ? text : text.padEnd(widths[i]);
      }).join(' '.repeat(GAP)).trimEnd());
    }
    return out;
  };
  const out = [...physical(columns.map((c) => c.header)), visible.map((i) => '-'.repeat(widths[i])).join(' '.repeat(GAP))];
  rows.forEach((r, n) => {
    const color = colorOf?.(n);
    for (const line of physical(r)) out.push(color ? color + line + reset : line);
  });
  return out.join('\n') + '\n';
}

/** Output on a terminal fits its width; written to a file or a pipe, nothing is cut. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : Number.POSITIVE_INFINITY;
}
