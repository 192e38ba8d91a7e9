/**
 * Values that look right but are not (issue 28, kind 7): an invisible character pasted into a value,
 * and authorized IP ranges that together admit every address.
 */
import { loadConfig } from '../../config';
import { problemWith } from './helpers';

describe('an invisible character in any value is refused, named by code point and place', () => {
  test.each([
    ['DEPLOY_AZURE_OPENAI', '\uFEFFtrue', 'a byte-order mark (U+FEFF) at character 1', '\\uFEFFtrue'],
    ['AZURE_LOCATION', 'east\u200Bus', 'a zero-width space (U+200B) at character 5', 'east\\u200Bus'],
    ['KAITO_MODEL', 'phi-4\u00A0', 'a no-break space (U+00A0) at character 6', 'phi-4\\u00A0'],
    ['AZURE_ENV_NAME', 'kai\u0007to', 'an invisible or control character (U+0007) at character 4', 'kai\\u0007to'],
    ['AZURE_OPENAI_API_VERSION', '2024-10-21\u2060', 'a word joiner (U+2060) at character 11', '2024-10-21\\u2060'],
  ])('fails when %s holds one', (variable, value, said, shown) => {
    const issues = (() => {
      try {
        loadConfig({ [variable]: value });
      } catch (err) {
        return (err as { issues: { variable: string; value: string; message: string }[] }).issues;
      }
      throw new Error('accepted');
    })();
    const issue = issues.find((i) => i.variable === variable);
    expect(issue?.message).toContain(`holds ${said}`);
    expect(issue?.message).toContain(`azd env set ${variable} <value>`);
    expect(issue?.value).toBe(shown);
    // one problem for it, not a second one from its own rule
    expect(issues.filter((i) => i.variable === variable)).toHaveLength(1);
  });

  test('spaces, tabs and line ends around a value are still trimmed, as azd and Terraform do', () => {
    expect(loadConfig({ AZURE_ENV_NAME: ' kaito\r\n', DEPLOY_AZURE_OPENAI: '\ttrue ' }).envName).toBe('kaito');
  });
});

describe('AKS_API_SERVER_AUTHORIZED_IP_RANGES that together admit every address', () => {
  test.each(['0.0.0.0/1,128.0.0.0/1', '128.0.0.0/1, 0.0.0.0/2, 64.0.0.0/2', '0.0.0.0/1,128.0.0.0/2,192.0.0.0/2,10.0.0.0/8'])(
    'fails when it is %s, as /0 does',
    (value) => {
      const issue = problemWith({ AKS_API_SERVER_AUTHORIZED_IP_RANGES: value }, 'AKS_API_SERVER_AUTHORIZED_IP_RANGES');
      expect(issue.message).toContain('together admit every IPv4 address, as /0 or leaving the variable unset does');
    },
  );

  test.each(['0.0.0.0/1', '0.0.0.0/1,128.0.0.0/2', '203.0.113.7/32,198.51.100.0/24'])('%s leaves addresses out: accepted', (value) => {
    expect(loadConfig({ AKS_API_SERVER_AUTHORIZED_IP_RANGES: value }).apiServerAuthorizedIpRanges.length).toBeGreaterThan(0);
  });
});
