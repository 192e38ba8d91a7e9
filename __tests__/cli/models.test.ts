import { presetNames, RELEASE_VERSIONS } from '../../catalog';
import { EXIT } from '../../cli/exit-codes';
import { main } from '../../cli/main';
import { memoryScreen } from './helpers';

async function cli(argv: string[]) {
  const stdout = memoryScreen();
  const stderr = memoryScreen();
  const code = await main(argv, { stdout, stderr, env: {} });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('kaito-aks models', () => {
  test('--release 0.10.0: every preset of the release, with its default size and aliases', async () => {
    const { code, out } = await cli(['models', '--release', '0.10.0']);
    expect(code).toBe(EXIT.OK);
    expect(out).toContain('Kaito 0.10.0 (KAITO_VERSION=0.10.0): 31 presets');
    expect(out).toMatch(/\nfalcon-7b-instruct +13\.44 GiB +1 x Standard_NV36ads_A10_v5 +.*also tiiuae\/falcon-7b-instruct\n/);
    expect(out).toMatch(/\nllama-3\.1-8b-instruct +.*needs KAITO_MODEL_ACCESS_SECRET/);
    const listed = out
      .split('\n')
      .slice(3)
      .map((line) => line.split(' ')[0])
      .filter((name) => name !== '');
    expect(listed).toEqual(presetNames('0.10.0'));
    expect(out).not.toContain('Kaito 0.12.0');
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
