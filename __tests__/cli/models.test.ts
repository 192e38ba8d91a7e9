import { presetNames, RELEASE_VERSIONS } from '../../catalog';
import { EXIT } from '../../cli/exit-codes';
import { main } from '../../cli/main';
import { memoryScreen } from './helpers';

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = memoryScreen();
  const stderr = memoryScreen();
  const code = await main(argv, { stdout, stderr, env });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('kaito-aks models', () => {
  test('--release 0.10.0: every preset of the release, with its default size and aliases', async () => {
    const { code, out } = await cli(['models', '--release', '0.10.0']);
    expect(code).toBe(EXIT.OK);
    expect(out).toContain('Kaito 0.10.0 (KAITO_VERSION=0.10.0): 31 presets');
    expect(out).toMatch(/\nfalcon-7b-instruct +13\.44 GiB +1 x Standard_NV36ads_A10_v5 +\$3\.20 +.*also tiiuae\/falcon-7b-instruct\n/);
    expect(out).toMatch(/\nllama-3\.1-8b-instruct +.*needs KAITO_MODEL_ACCESS_SECRET/);
    const listed = out
      .split('\n')
      .slice(5)
      .map((line) => line.split(' ')[0])
      .filter((name) => name !== '');
    expect(listed).toEqual(presetNames('0.10.0'));
    expect(out).not.toContain('Kaito 0.12.0');
  });

  test('the default size and what its nodes cost an hour, by the eastus list price, with the source date', async () => {
    const { out } = await cli(['models', '--release', '0.10.0']);
    expect(out.split('\n')[0]).toBe(
      'Default size: the lowest total pay-as-you-go Linux list price in eastus among the sizes that fit (Azure Retail Prices of 2026-06-18, USD); the smallest where no size that fits has a price',
    );
    expect(out).toMatch(/\npreset \(KAITO_MODEL\) +weights +default size +an hour +notes\n/);
    // one A100 node at $3.673, not a 2 x A10 node at $6.52 (issue 24)
    expect(out).toMatch(/\nministral-3-8b-instruct +\S+ GiB +1 x Standard_NC24ads_A100_v4 +\$3\.673 /);
    // two T4 nodes, the total of both
    expect(out).toMatch(/\nllama-3\.1-8b-instruct +\S+ GiB +2 x Standard_NC4as_T4_v3 +\$1\.052 /);
  });

  test("--location prices another region, with eastus's price marked where the region has none", async () => {
    const sweden = await cli(['models', '--release', '0.10.0', '--location', 'swedencentral']);
    expect(sweden.out).toMatch(/\nfalcon-7b-instruct +13\.44 GiB +1 x Standard_NV36ads_A10_v5 +\$4\.16 /);
    const belgium = await cli(['models', '--release', '0.10.0', '--location', 'BelgiumCentral']);
    expect(belgium.out).toContain("list price in belgiumcentral among the sizes that fit (eastus's where belgiumcentral has none;");
    expect(belgium.out).toMatch(/\nfalcon-7b-instruct +13\.44 GiB +1 x Standard_NV36ads_A10_v5 +\$3\.20 \(eastus\) /);
  });

  test('AZURE_LOCATION is the region when --location is not given', async () => {
    const { out } = await cli(['models', '--release', '0.10.0'], { AZURE_LOCATION: 'swedencentral' });
    expect(out).toMatch(/\nfalcon-7b-instruct +13\.44 GiB +1 x Standard_NV36ads_A10_v5 +\$4\.16 /);
  });

  test('fails when --location is not a region, with did you mean and where the list is', async () => {
    const { code, err } = await cli(['models', '--location', 'eastu']);
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain(
      'argument \'eastu\' is invalid. not an Azure region; did you mean "eastus"?; the full list is in catalog/data/azure-regions.json',
    );
  });

  test('fails when AZURE_LOCATION is not a region, naming the variable', async () => {
    const { code, out, err } = await cli(['models'], { AZURE_LOCATION: 'nowhere' });
    expect(code).toBe(EXIT.USAGE);
    expect(out).toBe('');
    expect(err).toContain(
      'AZURE_LOCATION=nowhere: not an Azure region; the full list is in catalog/data/azure-regions.json; or price another region with --location',
    );
  });

  test('--release 0.12.0: the name vLLM serves where it differs, and the presets synth refuses for Pod Security (issue 27)', async () => {
    const { out } = await cli(['models', '--release', '0.12.0']);
    expect(out).toMatch(/\nmistral-7b-instruct +.*served as mistral-7b-instruct-v0\.3/);
    expect(out).toMatch(
      /\ndeepseek-ai\/DeepSeek-V3\.2 +.*refused: its pod mounts \/opt\/kaito\/cuda\/129 \(hostPath\), which Pod Security baseline forbids/,
    );
    expect(out.match(/refused: its pod mounts/g)).toHaveLength(5);
  });

  test('without --release: every release', async () => {
    const { code, out } = await cli(['models']);
    expect(code).toBe(EXIT.OK);
    for (const release of RELEASE_VERSIONS) expect(out).toContain(`Kaito ${release} (KAITO_VERSION=${release})`);
    expect(out).toContain('Kaito 0.12.0 (KAITO_VERSION=0.12.0): 85 presets');
  });

  test('fails when --release is not a release train, naming the value and the choices', async () => {
    const { code, err } = await cli(['models', '--release', '0.9']);
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain("argument '0.9' is invalid. must be one of 0.10.0, 0.12.0");
  });

  test('fails when --release has a leading v, with did you mean, as synth does', async () => {
    const { code, err } = await cli(['models', '--release', 'v0.12.0']);
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain('must be one of 0.10.0, 0.12.0; did you mean "0.12.0"?');
  });
});
