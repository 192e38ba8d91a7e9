import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { AZD_INFRA_PATH, ENV_SCHEMA, loadConfig, stateLocation } from '../../config';
import { OUTPUT_VARIABLES, RESERVED_PREFIXES } from '../../config/namespaces';
import { AZD_PARAMETERS, azdInfraFiles } from '../../stacks/azd';
import { readReference } from '../../scripts/reference';
import { parsed, synthesize } from '../stacks/helpers';

const ROOT = join(__dirname, '..', '..');
const azureYaml = parse(readFileSync(join(ROOT, 'azure.yaml'), 'utf8')) as {
  infra: { provider: string; path: string };
  hooks: Record<string, { posix: { run: string }; windows: { run: string } }>;
};
/**
 * The azd schema, compiled. It refers to the schemas of azd extensions (AI agents, projects, ...)
 * by URL; this project uses none of them and tests run offline, so they stand in as open schemas.
 */
function azdValidator() {
  const text = readReference('azd', 'azure.yaml.v1.0.schema.json');
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  for (const [, url] of text.matchAll(/"\$ref": "(https:[^"#]+)"/g)) if (!ajv.getSchema(url)) ajv.addSchema({ $id: url }, url);
  return ajv.compile(JSON.parse(text));
}

const REMOTE = { RS_RESOURCE_GROUP: 'rg-tfstate', RS_STORAGE_ACCOUNT: 'sttfstate01', RS_CONTAINER_NAME: 'tfstate' };

describe('azure.yaml', () => {
  test('validates against the azd v1.0 JSON schema', () => {
    const validate = azdValidator();
    expect(validate(azureYaml) ? [] : validate.errors).toEqual([]);
  });

  test('the schema check can fail: an unknown hook is rejected', () => {
    const validate = azdValidator();
    expect(validate({ ...azureYaml, hooks: { ...azureYaml.hooks, prebake: { run: 'x.sh' } } })).toBe(false);
  });

  test('terraform provider on the synthesized infra stack', () => {
    expect(azureYaml.infra).toEqual({ provider: 'terraform', path: AZD_INFRA_PATH });
  });

  test('each hook has a posix and a windows script that exist and call an npm script that exists', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(Object.keys(azureYaml.hooks).sort()).toEqual(['postprovision', 'predown', 'preprovision']);
    for (const [hook, config] of Object.entries(azureYaml.hooks)) {
      for (const run of [config.posix.run, config.windows.run]) {
        const text = readFileSync(join(ROOT, run), 'utf8');
        expect(text).toContain(`npm run --silent azd:${hook}`);
      }
      accessSync(join(ROOT, config.posix.run), constants.X_OK);
      expect(scripts[`azd:${hook}`]).toBeDefined();
    }
    // synth first: a bad value gets the config message before any Azure call
    expect(scripts['azd:preprovision']).toBe('npm run synth && npm run preflight');
    // azd has just applied infra, so kaito-stack's declared dependency on it need not be checked
    expect(scripts['azd:postprovision']).toBe(
      'cdktf deploy kaito-stack --auto-approve --ignore-missing-stack-dependencies && npm run wait && npm run smoke',
    );
    // a Workspace whose deletion cannot finish stops the hook at once, before Helm waits 30 minutes
    expect(scripts['azd:predown']).toBe('npm run destroy-check && cdktf destroy kaito-stack --auto-approve');
  });
});

describe('main.tfvars.json, variables and outputs', () => {
  const { infraJson } = synthesize({ KAITO_MODEL: 'phi-3-mini-4k-instruct' });
  const stack = parsed(infraJson) as unknown as {
    variable: Record<string, { default: string; validation: { condition: string }[] }>;
    output: Record<string, unknown>;
  };
  const tfvars = JSON.parse(azdInfraFiles(stateLocation('kaito', 'infra', undefined))['main.tfvars.json']) as Record<string, string>;

  test('every ${VAR} in the tfvars is a declared variable of the same name, and back', () => {
    for (const [name, value] of Object.entries(tfvars)) {
      expect(value).toBe(`\${${name}}`);
      expect(stack.variable[name]).toBeDefined();
    }
    expect(Object.keys(stack.variable).sort()).toEqual(Object.keys(tfvars).sort());
  });

  test('the tfvars cover the azd names, the Kaito and the OpenAI knobs', () => {
    for (const name of [
      'AZURE_ENV_NAME',
      'AZURE_LOCATION',
      'DEPLOY_AZURE_OPENAI',
      'DEPLOY_AZURE_WORKLOAD_IDENTITY',
      'KAITO_VERSION',
      'KAITO_MODEL',
      'KAITO_INSTANCE_TYPE',
      'KAITO_NODE_COUNT',
      'AZURE_OPENAI_MODEL_NAME',
      'AZURE_OPENAI_CAPACITY',
    ]) {
      expect(AZD_PARAMETERS).toContain(name);
    }
  });

  test('each variable defaults to what synth saw and refuses anything else', () => {
    const model = stack.variable.KAITO_MODEL;
    expect(model.default).toBe('phi-3-mini-4k-instruct');
    const hash = createHash('sha256').update('phi-3-mini-4k-instruct').digest('hex');
    expect(model.validation[0].condition).toBe(`\${sha256(lower(trimspace(var.KAITO_MODEL))) == "${hash}"}`);
    expect(stack.variable.KAITO_VERSION.default).toBe('');
  });

  test('every output name is a plain azd-style name', () => {
    for (const name of Object.keys(stack.output)) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});

describe('state location', () => {
  test('local: the file azd passes as -state, for both stacks', () => {
    expect(stateLocation('dev', 'infra', undefined)).toEqual({ kind: 'local', path: `.azure/dev/${AZD_INFRA_PATH}/terraform.tfstate` });
    expect(stateLocation('dev', 'kaito-stack', undefined)).toEqual({
      kind: 'local',
      path: '.azure/dev/cdktf.out/stacks/kaito-stack/terraform.tfstate',
    });
    const { infraJson, kaitoJson } = synthesize({ AZURE_ENV_NAME: 'dev' });
    expect(parsed(infraJson).terraform.backend as object).toEqual({
      local: { path: `../../../.azure/dev/${AZD_INFRA_PATH}/terraform.tfstate` },
    });
    expect(parsed(kaitoJson).terraform.backend as object).toEqual({
      local: { path: '../../../.azure/dev/cdktf.out/stacks/kaito-stack/terraform.tfstate' },
    });
  });

  test('remote: Azure Storage with Entra ID auth, one key per environment and stack', () => {
    const config = loadConfig({ AZURE_ENV_NAME: 'dev', ...REMOTE });
    expect(stateLocation('dev', 'infra', config.remoteState)).toEqual({
      kind: 'azurerm',
      resourceGroupName: 'rg-tfstate',
      storageAccountName: 'sttfstate01',
      containerName: 'tfstate',
      key: 'dev/infra.tfstate',
    });
    const { infraJson, kaitoJson } = synthesize({ AZURE_ENV_NAME: 'dev', ...REMOTE });
    expect(parsed(infraJson).terraform.backend).toEqual({
      azurerm: {
        resource_group_name: 'rg-tfstate',
        storage_account_name: 'sttfstate01',
        container_name: 'tfstate',
        key: 'dev/infra.tfstate',
        use_azuread_auth: true,
      },
    });
    expect(JSON.stringify(parsed(kaitoJson).terraform.backend)).toContain('dev/kaito-stack.tfstate');
  });

  test('remote: azd is told, through a .tf marker and provider.conf.json with the same settings', () => {
    const files = azdInfraFiles(stateLocation('dev', 'infra', loadConfig(REMOTE).remoteState));
    expect(Object.keys(files).sort()).toEqual(['azd-remote-state.tf', 'main.tfvars.json', 'provider.conf.json']);
    expect(files['azd-remote-state.tf']).toContain('backend "azurerm"');
    expect(files['azd-remote-state.tf'].split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([]);
    expect(JSON.parse(files['provider.conf.json'])).toEqual({
      resource_group_name: 'rg-tfstate',
      storage_account_name: 'sttfstate01',
      container_name: 'tfstate',
      key: 'dev/infra.tfstate',
      use_azuread_auth: true,
    });
  });

  test('local: no marker, no provider.conf.json', () => {
    expect(Object.keys(azdInfraFiles(stateLocation('dev', 'infra', undefined)))).toEqual(['main.tfvars.json']);
  });

  test('fails when only some RS_ variables are set, or a name is invalid', () => {
    expect(() => loadConfig({ RS_STORAGE_ACCOUNT: 'sttfstate01' })).toThrow(/RS_RESOURCE_GROUP=\(unset\): remote state needs/);
    expect(() => loadConfig({ ...REMOTE, RS_STORAGE_ACCOUNT: 'St-TfState' })).toThrow(
      /RS_STORAGE_ACCOUNT=St-TfState: must be a storage account name/,
    );
    expect(() => loadConfig({ ...REMOTE, RS_CONTAINER_NAME: 'tf--state' })).toThrow(
      /RS_CONTAINER_NAME=tf--state: must be a blob container name/,
    );
  });
});

describe('issue 15: what azd writes back, and values as azd substitutes them', () => {
  /** `sha256(lower(trimspace(var.X))) == "<hash>"` evaluated for `value`, the way Terraform would. */
  function passes(condition: string, value: string): boolean {
    const m = /^\$\{sha256\(((?:lower\()?)trimspace\(var\.\w+\)\)?\) == "([0-9a-f]{64})"\}$/.exec(condition);
    if (!m) throw new Error(`unexpected condition ${condition}`);
    const compared = m[1] ? value.trim().toLowerCase() : value.trim();
    return createHash('sha256').update(compared).digest('hex') === m[2];
  }

  const env = { DEPLOY_AZURE_OPENAI: 'true ', AZURE_LOCATION: 'EastUS', KAITO_INSTALL: 'AKS-Addon', AZURE_ENV_NAME: 'Dev' };
  const stack = parsed(synthesize(env).infraJson) as unknown as {
    variable: Record<string, { validation: { condition: string }[] }>;
  };
  const condition = (name: string) => stack.variable[name].validation[0].condition;

  test.each([
    ['DEPLOY_AZURE_OPENAI', 'true ', 'false'],
    ['AZURE_LOCATION', ' eastus', 'westus'],
    ['KAITO_INSTALL', 'aks-addon', 'helm'],
    ['AZURE_ENV_NAME', 'Dev ', 'dev'],
  ])('the Terraform check of %s accepts %j as synth read it and refuses %j', (name, same, other) => {
    expect(passes(condition(name), same)).toBe(true);
    expect(passes(condition(name), other)).toBe(false);
  });

  test('every stack output in a reserved namespace is a setting or a known output, and every known output exists', () => {
    const names = new Set<string>();
    const envs: Record<string, string>[] = [{}, { DEPLOY_AZURE_OPENAI: 'true' }, { KAITO_INSTALL: 'aks-addon' }];
    for (const e of envs) {
      const { infraJson, kaitoJson } = synthesize(e);
      for (const json of [infraJson, kaitoJson]) for (const n of Object.keys(parsed(json).output)) names.add(n);
    }
    const reserved = [...names].filter((n) => RESERVED_PREFIXES.some((p) => n.startsWith(p)));
    expect(reserved.filter((n) => !(n in ENV_SCHEMA) && !(OUTPUT_VARIABLES as readonly string[]).includes(n))).toEqual([]);
    for (const n of OUTPUT_VARIABLES) expect(names).toContain(n);
    // azd writes every output back into its environment: none of them makes the next synth fail
    expect(() => loadConfig(Object.fromEntries([...names].map((n) => [n, n in ENV_SCHEMA ? '' : 'from azd'])))).not.toThrow();
  });
});
