import assert from 'node:assert/strict';
import { decodeText, sniffText } from '../../../../tasks/engine/text/decode';

const SECRET = 'key=AKIAABCDEFGHIJKLMNOP';

describe('decodeText', () => {
  it('reads plain ASCII and valid UTF-8 as utf8', () => {
    assert.deepEqual(decodeText(Buffer.from(SECRET)), { text: SECRET, encoding: 'utf8' });
    assert.deepEqual(decodeText(Buffer.from('naïve = "😀"', 'utf8')), { text: 'naïve = "😀"', encoding: 'utf8' });
    assert.deepEqual(decodeText(Buffer.alloc(0)), { text: '', encoding: 'utf8' });
  });

  it('strips a UTF-8 BOM and says so', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é' + SECRET)]);
    assert.deepEqual(decodeText(buf), { text: 'é' + SECRET, encoding: 'utf8-bom' });
  });

  it('reads UTF-16 LE and BE after their BOM (their NUL bytes are not binary)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SECRET, 'utf16le')]);
    assert.deepEqual(decodeText(le), { text: SECRET, encoding: 'utf16le' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(SECRET, 'utf16le').swap16()]);
    assert.deepEqual(decodeText(be), { text: SECRET, encoding: 'utf16be' });
  });

  it('drops a trailing odd byte of UTF-16 BE', () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('ab', 'utf16le').swap16(), Buffer.from([0x41])]);
    assert.deepEqual(decodeText(be), { text: 'ab', encoding: 'utf16be' });
  });

  it('reads UTF-32 LE and BE (LE checked before UTF-16 LE, whose mark it starts with)', () => {
    const cps = [...'a😀b'].map((c) => c.codePointAt(0)!);
    const le = Buffer.alloc(4 + cps.length * 4);
    le.set([0xff, 0xfe, 0, 0]);
    cps.forEach((cp, i) => le.writeUInt32LE(cp, 4 + i * 4));
    assert.deepEqual(decodeText(le), { text: 'a😀b', encoding: 'utf32le' });
    const be = Buffer.alloc(4 + cps.length * 4);
    be.set([0, 0, 0xfe, 0xff]);
    cps.forEach((cp, i) => be.writeUInt32BE(cp, 4 + i * 4));
    assert.deepEqual(decodeText(be), { text: 'a😀b', encoding: 'utf32be' });
  });

  it('replaces UTF-32 code points that are not characters with U+FFFD', () => {
    const b = Buffer.alloc(4 + 12);
    b.set([0xff, 0xfe, 0, 0]);
    b.writeUInt32LE(0xd800, 4);
    b.writeUInt32LE(0x110000, 8);
    b.writeUInt32LE(0x41, 12);
    assert.deepEqual(decodeText(b), { text: '\ufffd\ufffdA', encoding: 'utf32le' });
  });

  it('returns null for content with a NUL byte in the first 8000 bytes', () => {
    assert.equal(decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x41])), null);
    const late = Buffer.concat([Buffer.alloc(7999, 0x41), Buffer.from([0])]);
    assert.equal(decodeText(late), null);
  });

  it('does not look for NUL beyond the first 8000 bytes', () => {
    const buf = Buffer.concat([Buffer.alloc(8000, 0x41), Buffer.from([0])]);
    const d = decodeText(buf);
    assert.equal(d?.encoding, 'utf8');
    assert.equal(d?.text.length, 8001);
  });

  it('reads invalid UTF-8 as Latin-1 so ASCII secrets inside are still found', () => {
    const buf = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' ' + SECRET)]);
    const d = decodeText(buf);
    assert.deepEqual(d, { text: 'café ' + SECRET, encoding: 'latin1' });
  });
  it('sniffText: the same verdict and text without decoding, and how offsets map to the bytes', () => {
    const cases: [Buffer, 'bytes' | 'utf8' | null][] = [
      [Buffer.from(SECRET), 'bytes'],
      [Buffer.from('naïve = "😀"', 'utf8'), 'utf8'],
      [Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from(SECRET)]), 'bytes'],
      [Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('naïve')]), 'utf8'],
      [Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff]), null],
      [Buffer.from([0x6b, 0x3d, 0xe9, 0x41]), 'bytes'],
      [Buffer.from([0xff, 0xfe, ...Buffer.from(SECRET, 'utf16le')]), null],
    ];
    for (const [buf, units] of cases) {
      const t = sniffText(buf)!;
      assert.equal(t.units, units, buf.toString('hex'));
      assert.deepEqual({ text: t.decode(), encoding: t.encoding }, decodeText(buf));
      if (units === 'bytes') assert.equal(t.bytes.toString('latin1'), t.decode());
      if (units === 'utf8') assert.equal(t.bytes.toString('utf8'), t.decode());
    }
    assert.equal(sniffText(Buffer.from([0x61, 0, 0x62])), null);
  });

  it('tells a byte-order mark only from as many bytes as the mark has', () => {
    // Files of one to four bytes: a mark alone, a mark's first bytes, other short text.
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe])), { text: '', encoding: 'utf16le' });
    assert.deepEqual(decodeText(Buffer.from([0xfe, 0xff])), { text: '', encoding: 'utf16be' });
    assert.deepEqual(decodeText(Buffer.from([0xef, 0xbb, 0xbf])), { text: '', encoding: 'utf8-bom' });
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0, 0])), { text: '', encoding: 'utf32le' });
    assert.deepEqual(decodeText(Buffer.from([0, 0, 0xfe, 0xff])), { text: '', encoding: 'utf32be' });
    // Three bytes of the UTF-32 LE mark are the UTF-16 LE mark and half a unit.
    assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0]))?.encoding, 'utf16le');
    assert.equal(decodeText(Buffer.from([0, 0, 0xfe])), null);
    assert.deepEqual(decodeText(Buffer.from([0xef, 0xbb])), { text: '\u00ef\u00bb', encoding: 'latin1' });
    assert.deepEqual(decodeText(Buffer.from([0xfe])), { text: '\u00fe', encoding: 'latin1' });
    assert.deepEqual(decodeText(Buffer.from('a')), { text: 'a', encoding: 'utf8' });
  });
});
