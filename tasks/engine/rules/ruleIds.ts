/** What a rule id may look like (built-in and custom rules alike; ids appear in SARIF, URLs and `palisade-ignore` comments). */
export const RULE_ID_PATTERN = '^[a-z0-9][a-z0-9.-]{1,63}$';
