import assert from 'node:assert/strict';
import { leadingNames, uncoveredName } from '../../../../tasks/engine/ruleset/keywordCoverage';

describe('ruleset/keywordCoverage', () => {
  it('spells out every name a pattern begins with, separators included', () => {
    assert.deepEqual(leadingNames('(?:speech[_-]?key|VISION_KEY(?<![A-Z0-9]VISION_KEY))=(?<secret>\\w+)'), ['speechkey', 'speech_key', 'speech-key', 'VISION_KEY']);
  });

  it('spells nested groups and optional parts out too', () => {
    assert.deepEqual(leadingNames('(?<![?&]x=)(?:(?:API|Api) key|app(?:[.-]key)?)=\\w+'), ['API key', 'Api key', 'app', 'app.key', 'app-key']);
  });

  it('gives up on patterns that do not begin with a group of literal names', () => {
    for (const p of ['tok_[a-z0-9]{20}', '(?:[a-z]+key)=\\w+', 'a|b', '(?:api(?:key)*)=\\w+', '[']) assert.equal(leadingNames(p), undefined, p);
  });

  it('finds a name that holds no keyword', () => {
    const pattern = '(?:secret[_.-]?access[_.-]?key)=(?<secret>[a-f0-9]{48})';
    assert.equal(uncoveredName(pattern, '', ['secret_access_key', 'secretaccesskey', 'secret-access-key']), 'secretaccess_key');
    assert.equal(uncoveredName(pattern, '', ['accesskey', 'access_key', 'access.key', 'access-key']), undefined);
  });

  it('compares without case, as keywords are matched', () => {
    assert.equal(uncoveredName('(?:NYTIMES|nytimes)=\\w+', '', ['nytimes']), undefined);
  });

  it('leaves alone keywords that no name holds: they are met elsewhere in a match', () => {
    assert.equal(uncoveredName('(?:Server|Data Source)=[\\w.]+\\.database\\.windows\\.net;Password=(?<secret>\\w+)', '', ['database.windows.net']), undefined);
  });
});
