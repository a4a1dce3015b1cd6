import sax from 'sax';
import { LineIndex } from '../../text/lineIndex';
import { ManifestError } from '../types';

/** A small element tree of an XML manifest that remembers where each element starts. */
export interface XmlElement {
  /** Local name (namespace prefix dropped): `dependency`, `PackageReference`. */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated, trimmed text content of this element alone. */
  text: string;
  line: number;
}

/**
 * Parses with sax in strict mode (well-kept, pure JS, reports positions), because POMs and
 * MSBuild files need each dependency's line, which DOM-style XML libraries do not keep.
 */
export function parseXml(text: string): XmlElement {
  const lines = new LineIndex(text);
  const parser = sax.parser(true, { trim: false, normalize: false, xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: ManifestError | undefined;
  parser.onerror = (err) => {
    if (!failure) {
      const line = parser.line + 1;
      failure = new ManifestError(`invalid XML at line ${line}: ${err.message.split('\n')[0]}`, line);
    }
    // Stop at the first error: later ones are usually consequences of it.
    throw failure;
  };
  parser.onopentag = (tag) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[localName(k)] = typeof v === 'string' ? v : v.value;
    const el: XmlElement = {
      name: localName(tag.name),
      attributes,
      children: [],
      text: '',
      line: lines.lineOf(Math.max(0, parser.startTagPosition - 1)),
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    const el = stack.pop();
    if (el) el.text = el.text.trim();
  };
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof ManifestError) throw e;
    throw new ManifestError(`invalid XML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (failure) throw failure;
  if (!root) throw new ManifestError('no XML root element');
  return root;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

export function childElements(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

export function childElement(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const c = childElement(el, name);
  return c ? c.text : undefined;
}
