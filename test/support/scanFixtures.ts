/**
 * Inputs shared by the CLI tests and the task's integration tests, so both prove the same case:
 * an advisory and a lockfile where it reaches only a dev dependency, and a custom rule that
 * backtracks forever.
 */

/** An OSV record for minimist below 1.2.6. */
export const MINIMIST_ADVISORY = {
  id: 'GHSA-xvch-5gv4-984h',
  modified: '2022-03-18T00:00:00Z',
  summary: 'Prototype Pollution in minimist',
  affected: [{ package: { ecosystem: 'npm', name: 'minimist' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.6' }] }] }],
  database_specific: { severity: 'CRITICAL' },
};

/** package-lock v3 where vulnerable minimist comes in through mocha, a dev dependency only. */
export const DEV_ONLY_LOCK = JSON.stringify({
  lockfileVersion: 3,
  packages: {
    '': { dependencies: { express: '^4' }, devDependencies: { mocha: '^10' } },
    'node_modules/express': { version: '4.17.1' },
    'node_modules/mocha': { version: '10.0.0', dev: true, dependencies: { minimist: '^1.2.0' } },
    'node_modules/minimist': { version: '1.2.5', dev: true },
  },
});

/** Overlapping alternatives, so the static check lets it through: only the time budget stops it. */
export const BACKTRACKING_RULE_CONFIG = [
  'customRules:',
  '  - id: acme-token',
  '    kind: secret',
  '    title: ACME token',
  '    severity: high',
  '    cwe: [CWE-798]',
  '    keywords: [token]',
  "    pattern: 'token (a|a)*$'",
  '    help: Revoke it at acme.example.',
  '    samples:',
  "      positive: ['token a']",
  "      negative: ['nothing']",
  '',
].join('\n');

/** A line that makes BACKTRACKING_RULE_CONFIG's pattern run for ever. */
export const BACKTRACKING_LINE = `token ${'a'.repeat(60)}!\n`;
