import assert from 'node:assert/strict';
import { isKeyCopy, writesIntoNullPrototype } from '../../../../tasks/engine/code/keyCopy';
import { indexOf, nodeWithText } from '../../../support/codeIndex';

/** The write `text` (an assignment) of `code`. */
async function write(code: string, text: string) {
  const index = await indexOf('javascript', code);
  return nodeWithText(index.root, text, 'assignment_expression');
}

describe('code/keyCopy (merges and path setters that reach Object.prototype)', () => {
  const merge = (guard: string) => `function merge(dst, src) {\n  for (const key in src) {\n    ${guard}\n    if (dst[key] && typeof src[key] === 'object') merge(dst[key], src[key]);\n    else dst[key] = src[key];\n  }\n}`;

  it('reports a recursive merge over for...in, Object.keys().forEach and Object.entries', async () => {
    assert.equal(isKeyCopy(await write(merge(''), 'dst[key] = src[key]')), true);
    const keys = 'function extend(t, s) { Object.keys(s).forEach((k) => { if (t[k]) extend(t[k], s[k]); else t[k] = s[k]; }); }';
    assert.equal(isKeyCopy(await write(keys, 't[k] = s[k]')), true);
    const entries = 'function copy(dst, src) { Object.entries(src).forEach(entry => { let key = entry[0]; if (dst[key]) copy(dst[key], entry[1]); else dst[key] = entry[1]; }); }';
    assert.equal(isKeyCopy(await write(entries, 'dst[key] = entry[1]')), true);
  });

  it('accepts the guards that close both ways to Object.prototype, not a check of the source', async () => {
    assert.equal(isKeyCopy(await write(merge("if (key === '__proto__' || key === 'constructor') continue;"), 'dst[key] = src[key]')), false);
    assert.equal(isKeyCopy(await write(merge('if (!Object.hasOwn(dst, key)) continue;'), 'dst[key] = src[key]')), false);
    // `__proto__` alone leaves `constructor.prototype`, unless only plain objects are merged.
    const protoOnly = "function merge(dst, src) { for (const key in src) { if (key === '__proto__') continue; if (dst[key]) merge(dst[key], src[key]); else dst[key] = src[key]; } }";
    assert.equal(isKeyCopy(await write(protoOnly, 'dst[key] = src[key]')), true);
    assert.equal(isKeyCopy(await write(merge("if (key === '__proto__') continue;"), 'dst[key] = src[key]')), false);
    assert.equal(isKeyCopy(await write(merge('if (!src.hasOwnProperty(key)) continue;'), 'dst[key] = src[key]')), true);
  });

  it('leaves shallow copies, clones into a fresh object and rewrites of the iterated object alone', async () => {
    assert.equal(isKeyCopy(await write('function extend(dst, src) { for (const k in src) dst[k] = src[k]; }', 'dst[k] = src[k]')), false);
    assert.equal(isKeyCopy(await write('function clone(src) { const out = {}; for (const k in src) out[k] = clone(src[k]); return out; }', 'out[k] = clone(src[k])')), false);
    assert.equal(isKeyCopy(await write('function walk(o, f) { for (const k of Object.keys(o)) o[k] = walk(o[k], f); return o; }', 'o[k] = walk(o[k], f)')), false);
  });

  it('reports a dotted-path setter that walks target = target[key]', async () => {
    const set = "function setPath(obj, path, value) {\n  const keys = path.split('.');\n  let i;\n  for (i = 0; i < keys.length - 1; i++) obj = obj[keys[i]] = obj[keys[i]] || {};\n  obj[keys[i]] = value;\n}";
    assert.equal(isKeyCopy(await write(set, 'obj[keys[i]] = value')), true);
  });

  it('knows objects made without a prototype', async () => {
    const code = 'function f(a, b, v) { const store = Object.create(null); store[a][b] = v; const plain = {}; plain[a][b] = v; }';
    assert.equal(writesIntoNullPrototype(await write(code, 'store[a][b] = v')), true);
    assert.equal(writesIntoNullPrototype(await write(code, 'plain[a][b] = v')), false);
  });
});
