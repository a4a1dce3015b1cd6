import assert from 'node:assert/strict';
import { isUnusedClientSecret } from '../../../../tasks/engine/secrets/publicClient';

const at = (text: string, needle: string): boolean => isUnusedClientSecret(text, text.indexOf(needle));

describe('secrets/publicClient', () => {
  const realm = [
    '{',
    '  "clients": [',
    '    {',
    '      "clientId": "admin-cli",',
    '      "secret": "Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1",',
    '      "redirectUris": [',
    '        "/admin/*"',
    '      ],',
    '      "bearerOnly": false,',
    '      "publicClient": true',
    '    },',
    '    {',
    '      "clientId": "backend-service",',
    '      "publicClient": false,',
    '      "secret": "Zq9Wm2Xr7Tk4Pb5Nc8Jd1Fg6",',
    '      "attributes": { "publicClient": true }',
    '    },',
    '    {',
    '      "bearerOnly": true,',
    '      "clientId": "realm-management",',
    '      "secret": "Kd8Vn3Yp6Ls1Hq7Wm2Zx9Rt4"',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');

  it('takes the secret of a public or bearer-only client, before or after the flag, for unused', () => {
    assert.equal(at(realm, 'Hq7Wm2'), true, 'publicClient after it');
    assert.equal(at(realm, 'Kd8Vn3'), true, 'bearerOnly before it');
  });

  it("keeps a confidential client's secret, whatever a nested object or the next client says", () => {
    assert.equal(at(realm, 'Zq9Wm2'), false);
  });

  it('looks only at a line whose key is the secret', () => {
    const other = ['{', '  "publicClient": true,', '  "token": "Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1"', '}', ''].join('\n');
    assert.equal(at(other, 'Hq7Wm2'), false);
  });

  it('reads YAML the same way', () => {
    const yaml = ['clients:', '  - clientId: spa', '    public_client: true', '    client_secret: Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1', ''].join('\n');
    assert.equal(at(yaml, 'Hq7Wm2'), true);
  });
});
