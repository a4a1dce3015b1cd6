import { lineAt, linesAbove, linesBelow } from '../text/lineWalk';

/**
 * An OAuth client's settings (a Keycloak realm export, an identity server's client list) may
 * hold a `secret` for a client that never authenticates with one: a public client (RFC 6749
 * §2.1: a browser or native app, which cannot keep a secret) or a bearer-only one, which only
 * checks tokens. Keycloak writes a generated `secret` on its built-in public clients
 * (`admin-cli`, `security-admin-console`, `account-console`) in every realm export; no one can
 * log in with it. Pure: works on the file's text and the hit's offset.
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
