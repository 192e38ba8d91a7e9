import { ConfigError, loadConfig } from '../../config';
import { problems } from './helpers';

const RANGES = 'AKS_API_SERVER_AUTHORIZED_IP_RANGES';

/** The one message for AKS_API_SERVER_AUTHORIZED_IP_RANGES=`value`, checked to name the variable and the value. */
function rangeProblem(value: string): string {
  const found = problems({ [RANGES]: value }).filter((i) => i.variable === RANGES);
  expect(found).toHaveLength(1);
  expect(found[0].value).toBe(value);
  const error = new ConfigError(found);
  expect(error.message).toContain(`${RANGES}=${value}`);
  return found[0].message;
}

describe('AKS_API_SERVER_AUTHORIZED_IP_RANGES', () => {
  test('unset or empty: no ranges, the API server takes any address', () => {
    expect(loadConfig({}).apiServerAuthorizedIpRanges).toEqual([]);
    expect(loadConfig({ [RANGES]: '  ' }).apiServerAuthorizedIpRanges).toEqual([]);
  });

  test('takes comma-separated IPv4 CIDRs, spaces around commas ignored, order kept', () => {
    expect(loadConfig({ [RANGES]: '203.0.113.7/32, 198.51.100.0/24,192.0.2.0/28' }).apiServerAuthorizedIpRanges).toEqual([
      '203.0.113.7/32',
      '198.51.100.0/24',
      '192.0.2.0/28',
    ]);
  });

  test('fails when an address has no prefix length, and says to add /32', () => {
    expect(rangeProblem('203.0.113.7')).toBe('"203.0.113.7" has no prefix length; write 203.0.113.7/32 for that one address');
  });

  test.each(['203.0.113/24', '203.0.113.256/32', '203.0.113.7/33', '2001:db8::/32', 'my-laptop', '0x7f.0.0.1/32'])(
    'fails when %s is not an IPv4 CIDR',
    (bad) => {
      expect(rangeProblem(bad)).toContain(`"${bad}" is not an IPv4 CIDR`);
    },
  );

  test('fails when a range has host bits set, and names the range meant', () => {
    expect(rangeProblem('203.0.113.7/24')).toBe(
      '"203.0.113.7/24" has host bits set or leading zeros; the range it means is written 203.0.113.0/24',
    );
    expect(rangeProblem('203.0.113.7/032')).toContain('is written 203.0.113.7/32');
  });

  test('fails on 0.0.0.0/0, which locks nothing', () => {
    expect(rangeProblem('0.0.0.0/0')).toContain('admits every address');
  });

  test('fails on an empty entry, naming the whole value', () => {
    expect(rangeProblem('203.0.113.7/32,,198.51.100.0/24')).toContain('empty entry');
    expect(rangeProblem('203.0.113.7/32,')).toContain('empty entry');
  });

  test('reports each bad entry of one value', () => {
    const found = problems({ [RANGES]: '203.0.113.7,10.0.0.1/8' }).filter((i) => i.variable === RANGES);
    expect(found.map((i) => i.message)).toEqual([
      '"203.0.113.7" has no prefix length; write 203.0.113.7/32 for that one address',
      '"10.0.0.1/8" has host bits set or leading zeros; the range it means is written 10.0.0.0/8',
    ]);
  });
});

describe('KAITO_PROVISIONER_ROLE', () => {
  test('defaults to the custom role', () => {
    expect(loadConfig({}).kaito.provisionerRole).toBe('custom');
  });

  test('takes contributor, for policies that forbid custom roles', () => {
    expect(loadConfig({ KAITO_PROVISIONER_ROLE: 'contributor' }).kaito.provisionerRole).toBe('contributor');
  });

  test('fails on any other value, naming the variable, the value and the choices', () => {
    const found = problems({ KAITO_PROVISIONER_ROLE: 'owner' }).filter((i) => i.variable === 'KAITO_PROVISIONER_ROLE');
    expect(found).toHaveLength(1);
    expect(found[0].value).toBe('owner');
    expect(found[0].message).toBe('must be one of custom, contributor');
  });
});
