import type { SecretValidatorName } from '../rules/ruleSpec';
import { isValidCommonAnnotatedKey, isValidEntraClientSecret, isValidIdentifiableKey } from './azureKeyChecksum';

/**
 * `base64(user:password)` as in HTTP Basic authorization and Docker's config.json `auth`: the
 * text decodes to printable characters with a non-empty user and password around the first `:`.
 */
export function isBase64UserPassword(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) return false;
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  const colon = text.indexOf(':');
  return colon > 0 && colon < text.length - 1;
}

/** Validators a secret rule may name under `validate:`; each says whether a match is genuine. */
export const SECRET_VALIDATORS = {
  'azure-identifiable-key': isValidIdentifiableKey,
  'azure-common-annotated-key': isValidCommonAnnotatedKey,
  'entra-client-secret': isValidEntraClientSecret,
  'base64-user-password': isBase64UserPassword,
} as const satisfies Record<SecretValidatorName, (secret: string) => boolean>;
