/** Line search for the log viewer: matching lines with their numbers, capped for rendering. */
export const MAX_SHOWN_LINES = 5000;

export interface LogView {
  lines: Array<{ number: number; text: string }>;
  totalLines: number;
  matches: number;
}

export function searchLog(text: string, query: string, max = MAX_SHOWN_LINES): LogView {
  const all = text.split(/\r?\n/);
  if (all.length && all[all.length - 1] === '') all.pop();
  const q = query.trim().toLowerCase();
  const lines: LogView['lines'] = [];
  let matches = 0;
  for (let i = 0; i < all.length; i++) {
    if (q && !all[i].toLowerCase().includes(q)) continue;
    matches++;
    if (lines.length < max) lines.push({ number: i + 1, text: all[i] });
  }
  return { lines, totalLines: all.length, matches };
}
