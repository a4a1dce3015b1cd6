import assert from 'node:assert/strict';
import { isPublicClientKey, isUnusedClientSecret } from '../../../../tasks/engine/secrets/publicClient';

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

describe('secrets/publicClient: keys a browser sends for every visitor', () => {
  const key = (text: string, needle: string): boolean => isPublicClientKey(text, text.indexOf(needle));

  it("takes an apiKey beside an index's name and an application id for a search client's key", () => {
    const docsearch = ['docsearch({', "  appId: 'BH4D9OD16A',", "  apiKey: '6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad',", "  indexName: 'docs',", '});'].join('\n');
    assert.equal(key(docsearch, '6b5fd1'), true);
    const mkdocs = ['algolia:', '  application_id: BH4D9OD16A', '  api_key: 6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad', '  index_name: mkdocs'].join('\n');
    assert.equal(key(mkdocs, '6b5fd1'), true);
  });

  it('takes a key whose name says it only searches', () => {
    assert.equal(key('ALGOLIA_SEARCH_ONLY_API_KEY=6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad', '6b5fd1'), true);
    assert.equal(key('NEXT_PUBLIC_ALGOLIA_SEARCH_KEY=6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad', '6b5fd1'), true);
  });

  it("takes the keys of analytics and chat widgets every visitor's browser sends, not their secrets", () => {
    assert.equal(key("    amplitudeApiKey = '90363e9908fde9aab12111a731112742';", '90363e'), true);
    assert.equal(key("    FRESHCHAT_TOKEN: '4fb0a735-9e98-42cd-9b19-0237f15701e7',", '4fb0a7'), true);
    assert.equal(key("// TrackJS.install({ token: 'e4d05c79e48f4002a094e444fa3700e8', application: 'widget' });", 'e4d05c'), true);
    assert.equal(key("AMPLITUDE_SECRET_KEY='90363e9908fde9aab12111a731112742'", '90363e'), false);
    assert.equal(key("FRESHCHAT_API_TOKEN='4fb0a7359e9842cd9b190237f15701e7'", '4fb0a7'), false);
  });

  it('keeps an API key without the search settings around it, and one far away in a minified line', () => {
    assert.equal(key(['client({', "  apiKey: '6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad',", "  region: 'eu',", '});'].join('\n'), '6b5fd1'), false);
    assert.equal(key(['const s = {', "  appId: 'BH4D9OD16A',", "  apiKey: '6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad',", '};'].join('\n'), '6b5fd1'), false, 'no index');
    const bundle = `var a={indexName:"docs",appId:"X"};${' '.repeat(2000)}var b={apiKey:"6b5fd1b8c3e8bf0cd7f0d7fd2fcea0ad"};`;
    assert.equal(key(bundle, '6b5fd1'), false);
  });

  it("takes PostHog's project key and Cloudflare's beacon token for public, not a PostHog personal key's name", () => {
    assert.equal(key("REACT_APP_POSTHOG_TOKEN = 'cQo4wipp5ipWWXhTN8kTacBItgqo457yDRtzCMOr-Tw',", 'cQo4'), true);
    assert.equal(key('System.get_env("REACT_APP_POSTHOG_TOKEN", "cQo4wipp5ipWWXhTN8kTacBItgqo457yDRtzCMOr-Tw")', 'cQo4'), true);
    assert.equal(key("POSTHOG_PERSONAL_API_KEY = 'cQo4wipp5ipWWXhTN8kTacBItgqo457yDRtzCMOr-Tw'", 'cQo4'), false);
    assert.equal(key(`<script defer src='https://static.cloudflareinsights.com/beacon.min.js' data-cf-beacon='{"token": "031c5e68316544eb9f1a2118163c1cfd"}'></script>`, '031c5e'), true);
    assert.equal(key('{"token": "031c5e68316544eb9f1a2118163c1cfd"}', '031c5e'), false, 'no beacon tag');
  });

  it("takes Mixpanel's project token, Segment's write key and Shopify's Storefront token for public, not Mixpanel's secret", () => {
    assert.equal(key('process.env["MIXPANEL_PROD_TOKEN"] || "3f01fd6fe87f03fe7a05c2c1ab2e8d41"', '3f01fd'), true);
    assert.equal(key('CLI_SEGMENT_WRITE_KEY=Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1Zq9Wm2Xr', 'Hq7Wm2'), true);
    assert.equal(key("storefrontAccessToken: 'a8f5f167f44f4964e6c998dee827110c'", 'a8f5f1'), true);
    assert.equal(key("-X github.com/acme/app/pkg/analytics.key=9kRrJ7oPCGPEJLF6QjMPLt5bljFhRQBr'", '9kRrJ7'), true);
    assert.equal(key('MIXPANEL_API_SECRET_KEY=3f01fd6fe87f03fe7a05c2c1ab2e8d41', '3f01fd'), false);
  });
});
