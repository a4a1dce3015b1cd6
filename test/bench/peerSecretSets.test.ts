import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from './accuracy';
import { halfOf, kingfisherRows, main, sprintf, tokenizeGo, trufflehogRows, Unevaluable, UsageError } from './peerSecretSets';

/**
 * The peer secret sets are rebuilt from third-party checkouts each session: the builder must read
 * their labels the way their own tests do, evaluate only the Go it understands (a skipped case is
 * counted, never guessed) and keep the dev/test split stable.
 */
describe('peer secret sets builder (test/bench)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'palisade-peersets-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads a kingfisher rule file: examples are positives, negative_examples look-alikes', () => {
    const yml = [
      'rules:',
      '  - name: Acme Token',
      '    id: kingfisher.acme.1',
      '    pattern: acme_[a-z0-9]{20}',
      '    examples:',
      '      - "ACME=acme_q8w7e6r5t4y3u2i1o0p9"',
      '      - |',
      '        # two lines',
      '        acme_z1x2c3v4b5n6m7l8k9j0',
      '      - "ACME=acme_q8w7e6r5t4y3u2i1o0p9"',
      '    negative_examples:',
      '      - "acme_xxxxxxxxxxxxxxxxxxxx"',
      '  - name: Acme Secret',
      '    id: kingfisher.acme.2',
      '    pattern: x',
    ].join('\n');
    const rows = kingfisherRows(yml, 'data/rules/acme.yml');
    assert.deepEqual(
      rows.map((r) => [r.rule, r.expected, r.text]),
      [
        ['acme', true, 'ACME=acme_q8w7e6r5t4y3u2i1o0p9'],
        ['acme', true, '# two lines\nacme_z1x2c3v4b5n6m7l8k9j0\n'],
        ['acme', false, 'acme_xxxxxxxxxxxxxxxxxxxx'],
      ],
    );
    assert.equal(rows[0].source, 'kingfisher');
    assert.equal(rows[0].path, 'data/rules/acme.yml');
  });

  it('tokenises Go strings: escapes, raw strings, comments', () => {
    const toks = tokenizeGo('x := "a\\tb\\x41\\u00e9\\"" + `raw\\n` // c\n/* d */ y');
    assert.deepEqual(
      toks.map((t) => t.value),
      ['x', ':=', 'a\tbAé"', '+', 'raw\\n', '\n', 'y'],
    );
  });

  it('formats only the verbs inputs use', () => {
    assert.equal(sprintf(['key=%s id=%v n=%d q=%q 100%%', 'k', 'i', 7, 'v']), 'key=k id=i n=7 q="v" 100%');
    assert.throws(() => sprintf(['%08x', 5]), Unevaluable);
    assert.throws(() => sprintf(['%s %s', 'one']), Unevaluable);
  });

  const goTest = `package acme

import (
	"fmt"
	"strings"
	"testing"
)

var (
	validPattern   = "acme_Q8w7E6r5T4y3U2i1O0p9" // a comment
	invalidPattern = "acme_Q8w7E6r5T4y3U2i1O0p"
	keyword        = "acme"
	secrets = []string{"acme_Q8w7E6r5T4y3U2i1O0p9"}
)

const prefix = "acme_" +
	"Zz"

func TestAcme_Pattern(t *testing.T) {
	local := fmt.Sprintf("%s token = '%s'", keyword, validPattern)
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "valid pattern",
			input: local,
			want:  []string{validPattern},
		},
		{
			name:  "raw and concatenation",
			input: \`ACME_KEY=\` + prefix + strings.Repeat("9", 3),
			want:  secrets,
		},
		{
			name:  "invalid pattern",
			input: fmt.Sprintf("%s = %q", keyword, invalidPattern),
			want:  nil,
		},
		{
			name:  "want left out",
			input: "acme " + invalidPattern,
		},
		{
			name:  "empty want",
			input: "acme nothing",
			want:  []string{},
		},
		// {
		// 	name:  "commented out",
		// 	input: "acme commented",
		// 	want:  []string{"x"},
		// },
		{
			name:  "random input",
			input: fmt.Sprintf("acme %s", randomToken()),
			want:  []string{"x"},
		},
	}
	_ = tests
}

func TestAcme_FromChunk(t *testing.T) {
	tests := []struct {
		input string
		want  []string
	}{{input: "not a pattern test", want: []string{"x"}}}
	_ = tests
}
`;

  it('evaluates TruffleHog pattern cases and counts what it cannot evaluate', () => {
    const r = trufflehogRows(goTest, 'pkg/detectors/acme/acme_test.go');
    assert.equal(r.functions, 1);
    assert.deepEqual(
      r.rows.map((row) => [row.expected, row.text]),
      [
        [true, "acme token = 'acme_Q8w7E6r5T4y3U2i1O0p9'"],
        [true, 'ACME_KEY=acme_Zz999'],
        [false, 'acme = "acme_Q8w7E6r5T4y3U2i1O0p"'],
        [false, 'acme acme_Q8w7E6r5T4y3U2i1O0p'],
        [false, 'acme nothing'],
      ],
    );
    assert.equal(r.rows[0].rule, 'acme');
    assert.equal(r.rows[0].source, 'trufflehog');
    assert.deepEqual(r.skipped, [{ name: 'pkg/detectors/acme/acme_test.go: random input', reason: 'call randomToken' }]);
  });

  it('does not pick one of two different bindings of a name', () => {
    const src = `package x
func TestX_Pattern(t *testing.T) {
	tests := []struct{ name string; input string; want []string }{
		{ name: "a", input: dup, want: []string{"y"} },
	}
}
func other() { dup := "one" }
func another() { dup := "two" }
`;
    const r = trufflehogRows(src, 'pkg/detectors/x/x_test.go');
    assert.equal(r.rows.length, 0);
    assert.match(r.skipped[0].reason, /dup is bound more than once/);
  });

  it('splits by rule file or detector name, stably', () => {
    // sha1("github.yml") starts with a digit < 8 or not: whatever it is, it must not change.
    assert.equal(halfOf('github.yml'), halfOf('github.yml'));
    const halves = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => halfOf(k)));
    assert.deepEqual([...halves].sort(), ['dev', 'test']);
  });

  it('writes four jsonl files accuracy.ts reads, and names a bad option', () => {
    const kf = join(tmp, 'kf');
    const th = join(tmp, 'th');
    mkdirSync(join(kf, 'data', 'rules'), { recursive: true });
    mkdirSync(join(th, 'pkg', 'detectors', 'acme'), { recursive: true });
    writeFileSync(join(kf, 'data', 'rules', 'acme.yml'), 'rules:\n  - id: a\n    examples:\n      - "acme_q8w7e6r5t4y3u2i1o0p9"\n');
    writeFileSync(join(th, 'pkg', 'detectors', 'acme', 'acme_test.go'), goTest);
    const out = join(tmp, 'out');
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      assert.equal(main(['--kingfisher', kf, '--trufflehog', th, '--out', out]), 0);
    } finally {
      process.stdout.write = write;
    }
    const all = ['kf-dev', 'kf-test', 'th-dev', 'th-test'].map((n) => loadCorpus(join(out, `${n}.jsonl`)));
    assert.equal(all[0].length + all[1].length, 1);
    assert.equal(all[2].length + all[3].length, 5);
    assert.equal(halfOf('acme') === 'dev' ? all[2].length : all[3].length, 5);
    assert.ok(readFileSync(join(out, 'th-dev.jsonl'), 'utf8').length + readFileSync(join(out, 'th-test.jsonl'), 'utf8').length > 0);

    assert.throws(() => main(['--trufflehog', th, '--out', out]), (e: Error) => e instanceof UsageError && /--kingfisher DIR is required/.test(e.message));
    assert.throws(() => main(['--kingfisher', join(tmp, 'nope'), '--trufflehog', th, '--out', out]), (e: Error) => e instanceof UsageError && e.message.includes('--kingfisher') && /no such folder/.test(e.message));
    assert.throws(() => main(['--kingfisher', th, '--trufflehog', th, '--out', out]), (e: Error) => e instanceof UsageError && /--kingfisher .*not a kingfisher checkout/.test(e.message));
    assert.throws(() => main(['--kingfisher', kf, '--trufflehog', kf, '--out', out]), (e: Error) => e instanceof UsageError && /--trufflehog .*not a TruffleHog checkout/.test(e.message));
  });
});
