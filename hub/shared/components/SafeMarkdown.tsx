/**
 * Rule help is Markdown, and it may come from a SARIF file someone else wrote. This renders the
 * subset rules use (paragraphs, headings, lists, code, emphasis, links) straight to React
 * elements: text stays text, raw HTML in the source shows as literal characters, and only
 * http(s) links become anchors. There is no HTML string anywhere, so nothing can inject markup.
 */
import * as React from 'react';
import { safeHref } from '../data/links';

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'code'; text: string };

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push({ type: 'paragraph', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) body.push(lines[i]);
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1].length, text: heading[2] });
      continue;
    }
    const item = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const last = blocks[blocks.length - 1];
      if (last?.type === 'list' && last.ordered === ordered) last.items.push(item[2]);
      else blocks.push({ type: 'list', ordered, items: [item[2]] });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    // A continuation line of a list item.
    const last = blocks[blocks.length - 1];
    if (!para.length && last?.type === 'list' && /^\s{2,}\S/.test(line)) {
      last.items[last.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return blocks;
}

const INLINE = /(`+)([\s\S]*?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

export function renderInline(text: string, keyPrefix = 'i'): React.ReactNode[] {
  const out: React.ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const key = `${keyPrefix}-${n++}`;
    if (m[1]) out.push(<code key={key}>{m[2]}</code>);
    else if (m[3] ?? m[4]) out.push(<strong key={key}>{renderInline(m[3] ?? m[4], key)}</strong>);
    else if (m[5] ?? m[6]) out.push(<em key={key}>{renderInline(m[5] ?? m[6], key)}</em>);
    else {
      const href = safeHref(m[8]);
      out.push(
        href ? (
          <a key={key} href={href} target="_blank" rel="noopener noreferrer">
            {renderInline(m[7], key)}
          </a>
        ) : (
          <React.Fragment key={key}>{renderInline(m[7], key)}</React.Fragment>
        ),
      );
    }
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function SafeMarkdown(props: { markdown: string; className?: string }): JSX.Element {
  const blocks = React.useMemo(() => parseBlocks(props.markdown), [props.markdown]);
  return (
    <div className={`palisade-markdown ${props.className ?? ''}`}>
      {blocks.map((b, i) => {
        const key = `b${i}`;
        switch (b.type) {
          case 'heading':
            return (
              <div key={key} className={`palisade-md-heading ${b.level <= 2 ? 'title-s' : 'body-l font-weight-semibold'}`} role="heading" aria-level={Math.min(6, b.level + 2)}>
                {renderInline(b.text, key)}
              </div>
            );
          case 'paragraph':
            return <p key={key}>{renderInline(b.text, key)}</p>;
          case 'code':
            return (
              <pre key={key} className="palisade-md-code">
                <code>{b.text}</code>
              </pre>
            );
          case 'list': {
            const items = b.items.map((t, j) => <li key={j}>{renderInline(t, `${key}-${j}`)}</li>);
            return b.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
          }
        }
      })}
    </div>
  );
}
