/**
 * Keeps credentials out of every message: a value that looks like a token, a key, a JWT or a URL with
 * a user or password is never printed; the message says what kind of value it is instead. Pure; used
 * by the config errors, synth's messages and the day-2 commands' output.
 */

/** Known credential shapes, most specific first: what they are called in a message. */
const CREDENTIAL_SHAPES: readonly (readonly [RegExp, string])[] = [
  [/^hf_[A-Za-z0-9]{20,}$/, 'a Hugging Face token'],
  [/^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})$/, 'a GitHub token'],
  [/^glpat-[A-Za-z0-9_-]{20,}$/, 'a GitLab token'],
  [/^sk-[A-Za-z0-9_-]{20,}$/, 'an API key'],
  [/^xox[abprs]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
  [/^(AKIA|ASIA)[0-9A-Z]{16}$/, 'an AWS access key'],
  [/^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/, 'a JSON Web Token'],
];

/** A GUID (a subscription, tenant or client ID) is an identifier, not a credential. */
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/**
 * What kind of credential `token` (one word, no spaces) looks like, or undefined when it does not look
 * like one. Long random strings count: 32 or more characters mixing upper case, lower case and
 * digits, or 32 or more hexadecimal digits (an Azure OpenAI key), or anything with `~` Entra ID
 * client secrets carry, but never a GUID.
 */
export function credentialKind(token: string): string | undefined {
  if (GUID.test(token)) return undefined;
  for (const [pattern, kind] of CREDENTIAL_SHAPES) {
    if (kind !== '' && pattern.test(token)) return kind;
  }
  if (token.length < 32) return undefined;
  if (/^[0-9a-fA-F]+$/.test(token) && /[0-9]/.test(token) && /[a-fA-F]/.test(token)) return 'a key (a long hexadecimal string)';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(token)).length;
  if (/^[A-Za-z0-9+=_~-]+$/.test(token) && (classes === 3 || (classes === 2 && /[~+]/.test(token)))) {
    return 'a secret (a long random string)';
  }
  // base64 with "/" (an Azure storage key), not a path: 40 or more characters, ending in "=" or holding a "+"
  if (/^[A-Za-z0-9+/]{40,}={0,2}$/.test(token) && /[+=]/.test(token) && classes === 3) return 'a key (base64)';
  return undefined;
}

/** A URL's user and password, when it has them: `https://user:pw@host` -> `https://<...>@host`. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s@"'<>]+)@/gi;
/** Query parameters that carry credentials (SAS signatures, tokens, keys). */
const SECRET_QUERY = /([?&](?:sig|signature|token|access_token|api[-_]?key|key|code|password|secret|client_secret)=)[^&#\s"'<>]+/gi;

/**
 * `text` with every credential-looking part replaced by what it is: URL userinfo, secret query
 * parameters, and words that {@link credentialKind} recognizes. Everything else is kept as written.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(USERINFO, (_m, scheme: string) => `${scheme}<user and password hidden>@`)
    .replace(SECRET_QUERY, (_m, key: string) => `${key}<hidden>`)
    .replace(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '<a JSON Web Token, hidden>')
    .replace(/[A-Za-z0-9+/]{40,}={0,2}/g, (word) => (credentialKind(word) === 'a key (base64)' ? '<a key (base64), hidden>' : word))
    .replace(/[A-Za-z0-9+=_~-]{20,}/g, (word: string, at: number, all: string) => {
      // a content digest (an image's sha256:...) names bytes anyone can fetch: not a secret
      if (/sha(256|512):$/.test(all.slice(Math.max(0, at - 7), at))) return word;
      // `NAME=value`: the variable's name stays, only the value is judged
      const assignment = /^([A-Z][A-Z0-9_]*=)(.*)$/.exec(word);
      if (assignment) {
        const kind = credentialKind(assignment[2]);
        return kind ? `${assignment[1]}<${kind}, hidden>` : word;
      }
      const kind = credentialKind(word);
      return kind ? `<${kind}, hidden>` : word;
    });
}

/**
 * How to show a variable's whole value: as given, or `(hidden: <kind>, <n> characters)` when the
 * value is a credential, or with its credential parts hidden when it holds one (a URL with a password).
 */
export function shownValue(value: string): string {
  const kind = credentialKind(value.trim());
  if (kind) return `(hidden: ${kind}, ${value.trim().length} characters)`;
  return redactCredentials(value);
}
