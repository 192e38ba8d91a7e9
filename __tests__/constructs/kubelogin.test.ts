/**
 * The kubelogin exec block of the helm and kubernetes providers, per AKS_KUBELOGIN_MODE: each mode gets
 * the flags it needs to find its credential where Terraform runs, and no credential value is ever in
 * the synthesized JSON. The field case: with `spn` and only the azurerm provider's ARM_* variables set
 * (a CI job), the block had no flag for them (`../shared/field-cases/kubelogin-spn/`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBELOGIN_MODES } from '../../config/schema';
import { AKS_SERVER_APP_ID, KUBELOGIN_MODE_ENV, kubeloginArgs } from '../../constructs/infra-reference';
import { parsed, synthesize } from '../stacks/helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Providers = { provider: Record<string, any[]> };

/** The exec blocks of both providers for one mode. */
function execBlocks(env: Record<string, string>) {
  const providers = parsed(synthesize(env).kaitoJson) as unknown as Providers;
  return { helm: providers.provider.helm[0].kubernetes.exec, kubernetes: providers.provider.kubernetes[0].exec[0] };
}

describe('kubelogin exec block per login mode', () => {
  test.each([
    ['azurecli', []],
    ['azd', []],
    ['workloadidentity', ['--tenant-id', 'TENANT']],
    ['msi', ['--use-azurerm-env-vars']],
    ['spn', ['--tenant-id', 'TENANT', '--use-azurerm-env-vars']],
  ])('%s: get-token --login <mode> --server-id <AKS>, then %j', (mode, extra) => {
    const { helm, kubernetes } = execBlocks({ AKS_KUBELOGIN_MODE: mode });
    expect(kubernetes).toEqual(helm);
    expect(helm.command).toBe('kubelogin');
    expect(helm.api_version).toBe('client.authentication.k8s.io/v1beta1');
    const args: string[] = helm.args;
    expect(args.slice(0, 5)).toEqual(['get-token', '--login', mode, '--server-id', AKS_SERVER_APP_ID]);
    expect(args.slice(5).map((a) => (a.startsWith('${') ? 'TENANT' : a))).toEqual(extra);
  });

  test('the tenant is the one the stack resolves: AZURE_TENANT_ID when set, else the deploying login', () => {
    const given = execBlocks({ AKS_KUBELOGIN_MODE: 'spn', AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47' }).helm.args;
    expect(given.slice(5, 7)).toEqual(['--tenant-id', '72f988bf-86f1-41af-91ab-2d7cd011db47']);
    const fromLogin: string[] = execBlocks({ AKS_KUBELOGIN_MODE: 'spn' }).helm.args;
    expect(fromLogin[6]).toMatch(/^\$\{data\.azurerm_client_config\.[A-Za-z0-9_]+\.tenant_id\}$/);
  });

  test('spn: the field case gains the flag that makes kubelogin read ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID', () => {
    // the exec block of the field case had exactly the first five arguments
    const fieldCase = ['get-token', '--login', 'spn', '--server-id', AKS_SERVER_APP_ID];
    const args: string[] = execBlocks({ AKS_KUBELOGIN_MODE: 'spn' }).helm.args;
    expect(args.slice(0, 5)).toEqual(fieldCase);
    expect(args).toContain('--use-azurerm-env-vars');
    expect(KUBELOGIN_MODE_ENV.spn.reads).toEqual(expect.arrayContaining(['ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_TENANT_ID']));
  });

  test('no credential value reaches the synthesized JSON, whatever the environment holds', () => {
    const secret = 'Zq8~not-a-real-secret-5f2c9a1e7b';
    const saved = { ...process.env };
    Object.assign(process.env, {
      ARM_CLIENT_SECRET: secret,
      AZURE_CLIENT_SECRET: secret,
      AAD_SERVICE_PRINCIPAL_CLIENT_SECRET: secret,
      ARM_CLIENT_CERTIFICATE_PASSWORD: secret,
    });
    try {
      for (const mode of KUBELOGIN_MODES) {
        const { kaitoJson } = synthesize({ AKS_KUBELOGIN_MODE: mode });
        expect(kaitoJson).not.toContain(secret);
        expect(kaitoJson).not.toMatch(/--client-secret|--client-certificate-password|"env"/);
      }
    } finally {
      process.env = saved;
    }
  });

  test('every mode the configuration accepts has an entry, and only those', () => {
    expect(Object.keys(KUBELOGIN_MODE_ENV).sort()).toEqual([...KUBELOGIN_MODES].sort());
    for (const mode of KUBELOGIN_MODES) expect(kubeloginArgs(mode, 'T')[2]).toBe(mode);
  });
});

describe('the README table of login modes', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  test.each([...KUBELOGIN_MODES])('%s: a row with its arguments and every variable kubelogin reads', (mode) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${mode}\``));
    expect(row).toBeDefined();
    const cells = row!.split(' | ');
    const args = kubeloginArgs(mode, '<tenant>').slice(5).join(' ');
    expect(cells[1]).toBe(args === '' ? 'none' : `\`${args}\``);
    for (const name of KUBELOGIN_MODE_ENV[mode].reads) expect(cells[2]).toContain(`\`${name}\``);
  });
});
