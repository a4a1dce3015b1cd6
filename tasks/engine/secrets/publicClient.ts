import { lineAt, linesAbove, linesBelow } from '../text/lineWalk';

/**
 * An OAuth client's settings (a Keycloak realm export, an identity server's client list) may
 * hold a `secret` for a client that never authenticates with one: a public client (RFC 6749
 * §2.1: a browser or native app, which cannot keep a secret) or a bearer-only one, which only
 * checks tokens. Keycloak writes a generated `secret` on its built-in public clients
 * (`admin-cli`, `security-admin-console`, `account-console`) in every realm export; no one can
 * log in with it. So is a key a browser sends for every visitor (isPublicClientKey). Pure:
 * works on the file's text and the hit's offset.
 */

/** The line's key is the client's secret (JSON or YAML). */
const SECRET_KEY = /^[ \t]*["']?(?:secret|clientSecret|client_secret)["']?[ \t]*:/;
/** A sibling that says the client uses no secret. */
const NO_SECRET_CLIENT = /^[ \t]*["']?(?:publicClient|public_client|bearerOnly|bearer_only)["']?[ \t]*:[ \t]*true\b/;

/** How far the client's other settings are looked for, in lines each way. */
const MAX_LINES = 200;

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * Whether the hit at `at` is the `secret` of a client object that also says `publicClient: true`
 * or `bearerOnly: true`: a sibling at the same indentation, before or after it, within the object
 * (the walk stops at a line indented less, the object's end or start).
 */
export function isUnusedClientSecret(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const line = lineAt(text, lineStart);
  if (!SECRET_KEY.test(line)) return false;
  const indent = indentOf(line);
  // Below the secret, then above it.
  for (const lines of [linesBelow(text, lineStart, MAX_LINES), linesAbove(text, lineStart, MAX_LINES)]) {
    for (const other of lines) {
      const sibling = sameObject(other, indent);
      if (sibling === undefined) break;
      if (sibling) return true;
    }
  }
  return false;
}

/** undefined: the line is outside the object; true: a sibling that says no secret is used. */
function sameObject(line: string, indent: number): boolean | undefined {
  if (line.trim() === '') return false;
  const own = indentOf(line);
  if (own < indent) return undefined;
  return own === indent && NO_SECRET_CLIENT.test(line);
}

/**
 * A setting's name that says its key only searches (`search_only_api_key`, `ALGOLIA_SEARCH_KEY`),
 * or names, at its end, an analytics project's key that the browser sends (PostHog's project key,
 * not a personal one; Mixpanel's project token, not its API secret; Amplitude's API key, not its
 * secret key; Freshchat's web widget token, not its API key; TrackJS's install token; Segment's
 * write key, an `analytics.key` linked into a binary) or
 * Shopify's Storefront token, made for client code.
 */
const PUBLIC_KEY_NAME = /search[_.-]?only|algolia[\w.-]{0,12}search|(?:posthog(?![\w.-]{0,20}personal)|mixpanel(?![\w.-]{0,20}secret)|amplitude(?![\w.-]{0,20}secret)|freshchat(?![\w.-]{0,20}api)|segment[\w.-]{0,20}write|analytics[._-]?(?:write[._-]?)?(?=key)|storefront)[\w.-]{0,20}(?:token|key)[^\w\n]{0,12}$|trackjs\.install\([^\n]{0,20}\btoken[^\w\n]{0,12}$/i;
/** The JSON of a Cloudflare Web Analytics beacon tag, up to its token's value. */
const BEACON = /data-cf-beacon[ \t]*=[ \t]*['"]\{[^}]{0,60}$/;
/** The line up to the value sets an API key (`apiKey: "`, `api_key = '`, `"apiKey":"`). */
const API_KEY_SETTING = /api[_.-]?key["'`]?[ \t]*[:=][ \t]*["'`]?$/i;
const INDEX_NAME = /\bindex[_-]?name\b/i;
const SEARCH_APP = /\bapp(?:lication)?[_-]?id\b|\bdocsearch\b|\balgolia\b/i;
/** How far the block's other settings are looked for, in lines each way. */
const SEARCH_BLOCK_LINES = 8;
const SEARCH_LINE_CHARS = 300;
/** How much of the line before the value holds the setting's name. */
const SETTING_CHARS = 80;

/**
 * A key a browser or an app sends on every visitor's behalf, public by design:
 * - a search client's key: Algolia's search-only API key (every page of a DocSearch or
 *   InstantSearch site sends it; Algolia's docs say to put it in front-end code). Known by its
 *   name (`search_only_api_key`, `NEXT_PUBLIC_ALGOLIA_SEARCH_KEY`) or by the settings around it:
 *   an `apiKey` beside an index's name and an application id (DocSearch, Docusaurus, MkDocs
 *   Material, VitePress). An admin key has no place in such a block;
 * - an analytics project's key under its vendor's name (`REACT_APP_POSTHOG_TOKEN`,
 *   `MIXPANEL_PROD_TOKEN`, `SEGMENT_WRITE_KEY`), which every tracked page sends; PostHog's
 *   personal API keys (`phx_`) are a vendor rule's. Shopify's Storefront access token likewise;
 * - Cloudflare Web Analytics' site token in the page's beacon tag (`data-cf-beacon='{"token": …}'`).
 */
export function isPublicClientKey(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(Math.max(lineStart, at - SETTING_CHARS), at);
  if (PUBLIC_KEY_NAME.test(before) || BEACON.test(before)) return true;
  if (!API_KEY_SETTING.test(before)) return false;
  // Each line cut short: a minified bundle's one line holds every library's settings.
  const near = (line: string) => line.slice(0, SEARCH_LINE_CHARS);
  const own = text.slice(Math.max(lineStart, at - SEARCH_LINE_CHARS), at + SEARCH_LINE_CHARS);
  const block = [own, ...[...linesAbove(text, lineStart, SEARCH_BLOCK_LINES), ...linesBelow(text, at, SEARCH_BLOCK_LINES)].map(near)].join('\n');
  return INDEX_NAME.test(block) && SEARCH_APP.test(block);
}
