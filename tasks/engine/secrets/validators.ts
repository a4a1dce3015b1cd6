import type { SecretValidatorName } from '../rules/ruleSpec';
import { isValidCommonAnnotatedKey, isValidEntraClientSecret, isValidIdentifiableKey } from './azureKeyChecksum';
import { isValidAgeSecretKey } from './bech32';
import { placeholderVerdict } from './placeholders';

/**
 * `base64(user:password)` as in HTTP Basic authorization and Docker's config.json `auth`: the
 * text decodes to printable characters with a non-empty user and password around the first `:`.
 */
export function isBase64UserPassword(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) return false;
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  const colon = text.indexOf(':');
  // A JSON object holds colons too (a JWT's header after `Basic`): no user starts with a brace.
  return colon > 0 && colon < text.length - 1 && !text.startsWith('{');
}

/**
 * A well-formed `user:password` whose password only names itself or is a placeholder
 * (`user:pass`, `admin:password`, `ci:<your-password>`), as docs and tutorials show the
 * encoding: the rule knows the format and turns the value down, so no generic rule reports it.
 */
export function isBase64PlaceholderLogin(value: string): boolean {
  const text = Buffer.from(value, 'base64').toString('utf8');
  const password = text.slice(text.indexOf(':') + 1);
  return PASSWORD_NAMED.test(password) || placeholderVerdict(password) === 'placeholder';
}

/** A password that only names itself: pass, password, my_password, your-passwd, secret, pwd. */
const PASSWORD_NAMED = /^(?:(?:my|your|the|some)[_-]?)?(?:pass(?:word|wd)?|pwd|secret)$/i;

/**
 * For a validator whose format carries a password, whether a value it accepted is a placeholder
 * login all the same (asked only after the validator said yes).
 */
export const VALIDATED_PLACEHOLDERS: Partial<Record<SecretValidatorName, (secret: string) => boolean>> = {
  'base64-user-password': isBase64PlaceholderLogin,
};

/**
 * A Cloudflare Tunnel token as `cloudflared tunnel run --token` takes it: base64 of a JSON object
 * with the account tag (`a`, 32 hex), the tunnel's id (`t`, a UUID) and its secret (`s`, base64).
 */
export function isCloudflareTunnelToken(value: string): boolean {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return false;
  }
  if (typeof fields !== 'object' || fields === null) return false;
  const { a, t, s } = fields as Record<string, unknown>;
  return typeof a === 'string' && /^[0-9a-f]{32}$/.test(a)
    && typeof t === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t)
    && typeof s === 'string' && /^[A-Za-z0-9+/]{32,}={0,2}$/.test(s);
}

/** Validators a secret rule may name under `validate:`; each says whether a match is genuine. */
export const SECRET_VALIDATORS = {
  'azure-identifiable-key': isValidIdentifiableKey,
  'azure-common-annotated-key': isValidCommonAnnotatedKey,
  'entra-client-secret': isValidEntraClientSecret,
  'base64-user-password': isBase64UserPassword,
  'age-bech32': isValidAgeSecretKey,
  'cloudflare-tunnel-json': isCloudflareTunnelToken,
} as const satisfies Record<SecretValidatorName, (secret: string) => boolean>;
