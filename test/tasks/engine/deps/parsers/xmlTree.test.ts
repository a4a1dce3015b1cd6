import assert from 'node:assert/strict';
import { childElement, childElements, childText, parseXml } from '../../../../../tasks/engine/deps/parsers/xmlTree';
import { ManifestError } from '../../../../../tasks/engine/deps/types';

describe('XML manifest tree (xmlTree)', () => {
  it('builds the element tree with local names, attributes, trimmed text and start lines', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<m:project xmlns:m="urn:x">\n  <m:dep a:id="One" version="1.0"/>\n  <dep>\n    <v> 2.0 </v>\n    <v><![CDATA[3.0]]></v>\n  </dep>\n</m:project>\n',
    );
    assert.equal(root.name, 'project');
    assert.equal(root.line, 2);
    const deps = childElements(root, 'dep');
    assert.equal(deps.length, 2);
    assert.deepEqual(deps[0].attributes, { id: 'One', version: '1.0' });
    assert.equal(deps[0].line, 3);
    assert.deepEqual(childElements(deps[1], 'v').map((v) => `${v.text}:${v.line}`), ['2.0:5', '3.0:6']);
    assert.equal(childText(deps[1], 'v'), '2.0', 'the first child of that name');
  });

  it('keeps non-ASCII names and text, and decodes entities', () => {
    const root = parseXml('<packages><package id="Zürich.Ünïcode" version="1&#46;0"/><note>a &amp; b — ✓</note></packages>');
    assert.equal(childElement(root, 'package')?.attributes.id, 'Zürich.Ünïcode');
    assert.equal(childElement(root, 'package')?.attributes.version, '1.0');
    assert.equal(childText(root, 'note'), 'a & b — ✓');
  });

  it('answers undefined or empty for absent children', () => {
    const root = parseXml('<a><b/></a>');
    assert.equal(childElement(root, 'c'), undefined);
    assert.equal(childText(root, 'c'), undefined);
    assert.equal(childText(root, 'b'), '');
    assert.deepEqual(childElements(undefined, 'b'), []);
    assert.equal(childElement(undefined, 'b'), undefined);
  });

  it('reports the first error with its line', () => {
    assert.throws(() => parseXml('<a>\n  <b>\n</a>\n'), (e: ManifestError) => e instanceof ManifestError && e.line === 3 && /^invalid XML at line 3: /.test(e.message));
    assert.throws(() => parseXml('<a>\n<b x=1/>\n</a>'), (e: ManifestError) => e instanceof ManifestError && e.line === 2);
  });

  it('rejects a document with no root element', () => {
    assert.throws(() => parseXml(''), ManifestError);
    assert.throws(() => parseXml('<?xml version="1.0"?>\n<!-- only a comment -->\n'), ManifestError);
  });
});
