/**
 * The name rules at their edges: one-character names, dotted subdomains, the length limits, and a
 * GUID with anything around it.
 */
import { loadConfig } from '../../config';
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN, workspaceName } from '../../config/names';
import { ENV_NAME_PATTERN } from '../../config/schema';

test.each([
  ['a DNS-1123 subdomain', DNS_1123_SUBDOMAIN, ['a', 'a.b', 'hf-token.v2', 'a'.repeat(253)], ['a'.repeat(254), 'a.', '.a', 'A', 'a..b']],
  ['a DNS-1123 label', DNS_1123_LABEL, ['a', '0', 'a-b', 'a'.repeat(63)], ['a'.repeat(64), 'a.b', '-a', 'a-']],
  ['an azd environment name', ENV_NAME_PATTERN, ['a', 'Z', 'dev-1', 'a'.repeat(64)], ['a'.repeat(65), '-dev', 'dev-', 'de_v']],
])('%s: accepts the shortest and the longest, refuses one character more and bad edges', (_rule, pattern, good, bad) => {
  for (const name of good) expect([name, pattern.test(name)]).toEqual([name, true]);
  for (const name of bad) expect([name, pattern.test(name)]).toEqual([name, false]);
});

test('a run of characters a Workspace name cannot hold becomes one hyphen', () => {
  expect(workspaceName('Foo__Bar')).toBe('workspace-foo-bar');
  expect(workspaceName('org//Model  7b')).toBe('workspace-org-model-7b');
});

const GUID = '00000000-0000-0000-0000-000000000000';
test.each([`x${GUID}`, `${GUID}x`, `{${GUID}}`])('fails when AZURE_TENANT_ID is %p: a GUID with anything around it', (value) => {
  expect(() => loadConfig({ AZURE_TENANT_ID: value })).toThrow(`AZURE_TENANT_ID=${value}: must be a GUID`);
});
