import assert from 'node:assert/strict';
import { neutralise } from '../../../../tasks/PalisadeScanV1/log/logText';
import { agentLines, parseAgentLine } from '../../../support/agentShim';

/** What the agent would run if the text were printed as one line (undefined: nothing). */
const commandsIn = (text: string) => agentLines(text).map(parseAgentLine).filter(Boolean);

describe('logText: untrusted text as one inert log line', () => {
  it('leaves ordinary text alone', () => {
    for (const s of ['src/app.js:3', 'Scanned 3 files (0.1 MB) in 0.02 s.', 'naïve café 日本語 ✓', 'a\tb', '100% done; [x] ok', '# heading', 'C# code', '#vso[']) {
      assert.equal(neutralise(s), s);
    }
  });

  it('shows every line break as a code point, so no new agent line can start', () => {
    assert.equal(neutralise('a\nb\rc\r\nd\u0085e\u2028f\u2029g\u000bh\u000ci'), 'a<U+000A>b<U+000D>c<U+000D><U+000A>d<U+0085>e<U+2028>f<U+2029>g<U+000B>h<U+000C>i');
    assert.equal(agentLines(neutralise('x\ny\rz')).length, 1);
  });

  it('defuses ##vso[ and ##[ anywhere in the line, in any case', () => {
    const hostile = 'notes\n##vso[task.setvariable variable=X]yes\n##vso[task.prependpath]/tmp/evil\n.txt';
    const safe = neutralise(hostile);
    assert.equal(safe, 'notes<U+000A># #vso[task.setvariable variable=X]yes<U+000A># #vso[task.prependpath]/tmp/evil<U+000A>.txt');
    assert.deepEqual(commandsIn(safe), []);
    assert.deepEqual(commandsIn(hostile).map((c) => c?.name), ['task.setvariable', 'task.prependpath'], 'the raw text would have been run');
    assert.equal(neutralise('x ##[error]fake'), 'x # #[error]fake');
    assert.equal(neutralise('##[section]fake'), '# #[section]fake');
    assert.equal(neutralise('##VSO[task.complete]'), '# #VSO[task.complete]');
    assert.equal(neutralise('###vso[a.b]'), '## #vso[a.b]');
    assert.equal(neutralise('####[x'), '### #[x');
    for (const s of ['##vso[##vso[a.b]', '#\n#vso[a.b]', '##\u00advso[a.b]', '#\u200b#[error]']) {
      const out = neutralise(s);
      assert.ok(!/##(vso)?\[/i.test(out), `${JSON.stringify(s)} -> ${out}`);
    }
  });

  it('shows bidirectional controls and invisible characters escaped', () => {
    assert.equal(neutralise('invoice\u202Efdp.exe'), 'invoice<U+202E>fdp.exe');
    const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
    for (const cp of bidi) assert.equal(neutralise(`a${String.fromCodePoint(cp)}b`), `a<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>b`);
    assert.equal(neutralise('a\u200bb\ufeffc\u00add'), 'a<U+200B>b<U+FEFF>c<U+00AD>d');
    assert.equal(neutralise('tag\u{E0041}'), 'tag<U+E0041>');
    assert.equal(neutralise('esc\u001b[31mred'), 'esc<U+001B>[31mred', 'no ANSI colour or cursor tricks');
    assert.equal(neutralise('nul\u0000'), 'nul<U+0000>');
  });

  it('is idempotent and does not do task-lib escaping (no double escape)', () => {
    const s = 'a%b;c]d\n##vso[x.y]\u202e';
    assert.equal(neutralise(neutralise(s)), neutralise(s));
    assert.ok(neutralise(s).startsWith('a%b;c]d<U+000A>'), 'percent, semicolon and bracket are left to task-lib');
  });
});
