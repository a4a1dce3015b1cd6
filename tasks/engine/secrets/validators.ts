import type { SecretValidatorName } from '../rules/ruleSpec';
import { isValidCommonAnnotatedKey, isValidEntraClientSecret, isValidIdentifiableKey } from './azureKeyChecksum';
import { isValidAgeSecretKey } from './bech32';
import { genericVerdict, placeholderVerdict } from './placeholders';

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
  // Judged as a password under its name is: a product's name, words of a demo (`demo_oauth_secret`).
  return PASSWORD_NAMED.test(password) || placeholderVerdict(password) === 'placeholder' || genericVerdict(password, true) === 'placeholder';
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

/** Validators a secret rule may name under `validate:`; each says whether a match is genuine. */
export const SECRET_VALIDATORS = {
  'azure-identifiable-key': isValidIdentifiableKey,
  'azure-common-annotated-key': isValidCommonAnnotatedKey,
  'entra-client-secret': isValidEntraClientSecret,
  'base64-user-password': isBase64UserPassword,
  'age-bech32': isValidAgeSecretKey,
} as const satisfies Record<SecretValidatorName, (secret: string) => boolean>;
