/** Display formatting (hub/shared/data/format.ts): durations, dates, commits, plurals and refs. */
import assert from 'node:assert/strict';
import { formatDate, formatDateTime, formatDuration, OUTCOME_LABELS, plural, refLabel, shortCommit, TRIGGER_LABELS } from '../../../../hub/shared/data/format';

describe('hub format', () => {
  it('formats durations from milliseconds to minutes, and nothing for nonsense', () => {
    assert.equal(formatDuration(250.4), '250 ms');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(formatDuration(42_400), '42 s');
    assert.equal(formatDuration(60_000), '1 min');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    for (const bad of [undefined, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(formatDuration(bad), '');
  });

  it('formats dates, and shows a value that is not a date as it is', () => {
    assert.equal(formatDate(undefined), '');
    assert.equal(formatDateTime(''), '');
    assert.equal(formatDate('not a date'), 'not a date');
    assert.equal(formatDateTime('yesterday'), 'yesterday');
    assert.match(formatDate('2025-03-04T12:00:00Z'), /2025/);
    assert.match(formatDateTime('2025-03-04T12:00:00Z'), /2025/);
    assert.notEqual(formatDateTime('2025-03-04T12:00:00Z'), formatDate('2025-03-04T12:00:00Z'), 'the time is shown too');
  });

  it('shortens commits, counts with the right noun and labels pull request refs', () => {
    assert.equal(shortCommit('0123456789abcdef'), '01234567');
    assert.equal(shortCommit(undefined), '');
    assert.equal(plural(1, 'finding'), '1 finding');
    assert.equal(plural(0, 'finding'), '0 findings');
    assert.equal(plural(2, 'repository', 'repositories'), '2 repositories');
    assert.equal(plural(12345, 'file'), `${(12345).toLocaleString()} files`);
    assert.equal(refLabel('pr/42'), 'PR 42');
    assert.equal(refLabel('main'), 'main');
    assert.equal(refLabel('feature/pr/4'), 'feature/pr/4');
  });

  it('names every scan outcome and trigger', () => {
    assert.equal(OUTCOME_LABELS.failed, 'Failed the build');
    assert.equal(OUTCOME_LABELS.succeededWithIssues, 'Passed with findings');
    assert.equal(TRIGGER_LABELS.pullRequest, 'Pull request');
  });
});
