import assert from 'node:assert/strict';
import { agentSecretForms, MIN_SECRET_LINE, secretForms, secretLines } from '../../../../tasks/PalisadeScanV1/log/secretLines';

const PEM_BODY = [
  'MIIEowIBAAKCAQEAvq0e1XjW3yB3cV6yQfFq8kZ1r2Zt0nq7Xo9pA2sD4fG6hJ8k',
  'L0zX2cV4bN6mQ8wE1rT3yU5iO7pA9sD2fG4hJ6kL8zX0cV2bN4mQ6wE8rT0yU2i',
  'O4pA6sD8fG0hJ2kL4z==',
];

describe('secretLines: a secret registered one line at a time', () => {
  it('keeps a single-line secret whole', () => {
    assert.deepEqual(secretLines('ghp_abcdefghijklmnopqrstuvwxyz0123456789'), ['ghp_abcdefghijklmnopqrstuvwxyz0123456789']);
    assert.deepEqual(secretLines('s3cr'), ['s3cr']);
    assert.deepEqual(secretLines('abc'), [], 'too short to mask anything useful');
  });

  it('splits at real line breaks (LF, CRLF, CR) and trims indentation', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      assert.deepEqual(secretLines(PEM_BODY.map((l) => `    ${l}`).join(eol) + eol), PEM_BODY);
    }
  });

  it('splits at the escape sequences JSON writes (\\n, \\r\\n, \\\\n) and keeps the escaped whole too', () => {
    const json = PEM_BODY.join('\\n') + '\\n';
    assert.deepEqual(secretLines(json), [json, ...PEM_BODY]);
    assert.deepEqual(secretLines(PEM_BODY.join('\\r\\n')).slice(1), PEM_BODY);
    assert.deepEqual(secretLines(PEM_BODY.join('\\\\n')).slice(1), PEM_BODY, 'a doubly escaped JSON string');
  });

  it('drops lines too short to matter', () => {
    assert.deepEqual(secretLines('abcdefgh\nAB==\n'), ['abcdefgh']);
    assert.ok('abcdefgh'.length >= MIN_SECRET_LINE);
  });
});

describe('secretForms: every single-line form to register', () => {
  it('never contains a line break (task-lib would refuse it), longest first', () => {
    const forms = secretForms([PEM_BODY.join('\n'), 'PuTTY-User-Key-File-3: ssh-ed25519\r\nEncryption: none\r\nPrivate-MAC: 0a1b2c3d4e5f']);
    for (const f of forms) assert.ok(!/[\r\n]/.test(f), JSON.stringify(f));
    assert.deepEqual(forms, [...forms].sort((a, b) => b.length - a.length));
    for (const l of PEM_BODY) assert.ok(forms.includes(l), l);
    assert.ok(forms.includes('Encryption: none') && forms.includes('Private-MAC: 0a1b2c3d4e5f'));
  });

  it('adds the forms our own output gives a line: JSON-escaped, Markdown cell, neutralised', () => {
    const forms = secretForms(['pa"ss\\wo|rd<1>', 'ab\u202ecdefgh']);
    assert.ok(forms.includes('pa"ss\\wo|rd<1>'));
    assert.ok(forms.includes('pa\\"ss\\\\wo|rd<1>'), 'JSON (SARIF, hub documents)');
    assert.ok(forms.includes('pa"ss\\\\wo\\|rd&lt;1&gt;'), 'Markdown table cell (build summary)');
    assert.ok(forms.includes('ab<U+202E>cdefgh'), 'as the log prints it');
    const agent = agentSecretForms(['pa"ss\\wo|rd<1>', 'ab\u202ecdefgh']);
    assert.ok(agent.includes('pa\\"ss\\\\wo|rd<1>') && agent.includes('ab<U+202E>cdefgh'), 'the agent gets the forms the log can print');
    assert.ok(!agent.includes('pa"ss\\\\wo\\|rd&lt;1&gt;'), 'but not the Markdown one (the summary is masked by the task, not the agent)');
    assert.deepEqual(agentSecretForms(['ghp_abc_def_0123456789']), ['ghp_abc_def_0123456789'], 'a plain token is registered once');
  });

  it('adds the plain form of a JSON \\/ escape', () => {
    assert.ok(secretForms(['abc\\/def\\/ghi']).includes('abc/def/ghi'));
  });

  it('deduplicates', () => {
    assert.deepEqual(secretForms(['abcdefgh', 'abcdefgh']), ['abcdefgh']);
  });
});
