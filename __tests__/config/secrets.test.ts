/**
 * No message prints a credential (issue 28, kind 3): a token put where a name belongs, a mirror URL
 * with user:password@ or a token in it, a JWT or a long random string in any variable that is echoed
 * is shown by its kind, never by its value.
 */
import { ConfigError, loadConfig } from '../../config';
import { credentialKind, redactCredentials } from '../../config/redact';
import { ENV_SCHEMA } from '../../config/schema';
import { problems } from './helpers';

// made-up values with the shapes of real credentials
const HF = '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';
const GITHUB = 'ghp_R2d2C3poBb8AaTtIiEeFfGgHhJjKkLlMm01';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJlLW9mLWEtdG9rZW4tZm9yLXRlc3Rz';
const HEX_KEY = '3f9a1c0e7b6d45a2b8c9d0e1f2a3b4c5';
const RANDOM = 'Xq7~Lp2Mn9Rt4Vw8Zy3Kb6Hd1Jf5Gs0Ac.Qe';
const PASSWORD = 'S3cr3t-Pa55w0rd';

/** Every printed part of the rejection of `env`: the message as a whole, and each issue. */
function printed(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return `${(err as ConfigError).message}\n${JSON.stringify((err as ConfigError).issues)}`;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('kind 3: errors never echo a secret', () => {
  test.each([
    ['a Hugging Face token', HF],
    ['a GitHub token', GITHUB],
    ['a JSON Web Token', JWT],
  ])('fails when KAITO_MODEL_ACCESS_SECRET holds %s: says what it is and where it goes, never the token', (kind, token) => {
    const text = printed({ KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: token });
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(3, 20));
    const issue = problems({ KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: token }).find(
      (i) => i.variable === 'KAITO_MODEL_ACCESS_SECRET',
    );
    expect(issue?.value).toBe(`(hidden: ${kind}, ${token.length} characters)`);
    expect(issue?.message).toContain('not the name of a Kubernetes Secret');
    expect(issue?.message).toContain('--from-literal=HF_TOKEN=<token>');
  });

  test.each(['KAITO_CHART_REPOSITORY', 'GPU_PROVISIONER_CHART_REPOSITORY', 'STORE_CHART_REPOSITORY'])(
    'fails when %s carries credentials: the host is shown, the user and password or token are not',
    (name) => {
      for (const url of [
        `https://mirror-user:${PASSWORD}@charts.example.com/kaito`,
        `https://${GITHUB}@charts.example.com/kaito`,
        `oci://x:${HF}@r.azurecr.io/helm`,
      ]) {
        const text = printed({ [name]: url });
        expect(text).toContain(`${name}=`);
        expect(text).toContain('<user and password hidden>@');
        for (const secret of [PASSWORD, GITHUB, HF, 'mirror-user']) expect(text).not.toContain(secret);
      }
    },
  );

  // every variable whose value a message may echo
  test.each(Object.keys(ENV_SCHEMA).filter((name) => !['AKS_KUBECONFIG'].includes(name)))(
    'fails or passes without printing a credential put into %s',
    (name) => {
      for (const secret of [HF, JWT, HEX_KEY, RANDOM, `https://u:${PASSWORD}@x.example.com/p`]) {
        let text = '';
        try {
          loadConfig({ [name]: secret });
        } catch (err) {
          text = (err as Error).message + JSON.stringify((err as ConfigError).issues);
        }
        for (const part of [HF, JWT, HEX_KEY, RANDOM, PASSWORD]) expect(text).not.toContain(part);
      }
    },
  );
});

describe('what counts as a credential', () => {
  test.each([
    [HF, 'a Hugging Face token'],
    [GITHUB, 'a GitHub token'],
    [JWT, 'a JSON Web Token'],
    [HEX_KEY, 'a key (a long hexadecimal string)'],
    [RANDOM.replace('.', ''), 'a secret (a long random string)'],
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key'],
  ])('%s is %s', (token, kind) => {
    expect(credentialKind(token)).toBe(kind);
    expect(redactCredentials(`value ${token} here`)).toBe(`value <${kind}, hidden> here`);
  });

  test.each([
    '8f3c1a9e-1b2c-4d5e-8f90-123456789abc', // a GUID: subscription, tenant, client ID
    'Standard_ND96amsr_A100_v4',
    'workspace-llama-3-1-8b-instruct-and-more',
    'DEPLOY_AZURE_WORKLOAD_IDENTITY',
    '/Users/Me/Projects2/kaito-aks/cdktf.out/stacks/kaito-stack/cdk.tf.json',
    'ghcr.io/azure-samples/aks-store-demo/ai-service@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'https://kaito-project.github.io/kaito/charts/kaito',
  ])('%s is shown as written', (text) => {
    expect(redactCredentials(text)).toBe(text);
  });

  test('URL userinfo and secret query parameters are hidden, the rest of the URL kept', () => {
    expect(redactCredentials('see https://me:pw@host.example.com/a?x=1&sig=abc%2Bdef&sv=2022')).toBe(
      'see https://<user and password hidden>@host.example.com/a?x=1&sig=<hidden>&sv=2022',
    );
  });
});

describe('AZURE_OPENAI_ENDPOINT carries no key', () => {
  test.each([
    'https://oai-x.openai.azure.com/?api-key=S3cr3t-Pa55w0rd',
    'https://me:S3cr3t-Pa55w0rd@oai-x.openai.azure.com/',
    'https://oai-x.openai.azure.com/#k',
  ])('fails when AZURE_OPENAI_ENDPOINT=%s, without printing the key', (url) => {
    const text = printed({ AZURE_OPENAI_ENDPOINT: url });
    expect(text).toContain('AZURE_OPENAI_ENDPOINT=');
    expect(text).toContain('must be the bare endpoint');
    expect(text).not.toContain(PASSWORD);
  });
});

describe('a variable named beside its value stays named', () => {
  test('NAME=value of 32 or more mixed characters keeps the name: only a credential value is hidden', () => {
    expect(redactCredentials('  - KAITO_INSTANCE_TYPE=Standard_NC12s_v3: not in the table')).toBe(
      '  - KAITO_INSTANCE_TYPE=Standard_NC12s_v3: not in the table',
    );
    expect(redactCredentials('GPU cost      KAITO_INSTANCE_TYPE=Standard_NC24ads_A100_v4 costs more')).toBe(
      'GPU cost      KAITO_INSTANCE_TYPE=Standard_NC24ads_A100_v4 costs more',
    );
    expect(redactCredentials('AZURE_AKS_CLUSTER_NAME=aks-Kaito2Prod and AZURE_RESOURCEGROUP_NAME=rg-MyTeam01')).toBe(
      'AZURE_AKS_CLUSTER_NAME=aks-Kaito2Prod and AZURE_RESOURCEGROUP_NAME=rg-MyTeam01',
    );
    expect(redactCredentials('KAITO_MODEL=hf_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('KAITO_MODEL=<a Hugging Face token, hidden>');
  });

  test("the README's first bad-input example names KAITO_INSTANCE_TYPE, as printed", () => {
    const issue = problems({ KAITO_VERSION: '0.12.0', KAITO_INSTANCE_TYPE: 'Standard_NC12s_v3' }).find(
      (p) => p.variable === 'KAITO_INSTANCE_TYPE',
    );
    expect(issue).toBeDefined();
    let message = '';
    try {
      loadConfig({ KAITO_VERSION: '0.12.0', KAITO_INSTANCE_TYPE: 'Standard_NC12s_v3' });
    } catch (err) {
      message = (err as ConfigError).message;
    }
    // as synth prints it: every line it writes goes through redactCredentials
    expect(redactCredentials(message)).toContain('  - KAITO_INSTANCE_TYPE=Standard_NC12s_v3: Standard_NC12s_v3 is not in Kaito 0.12.0');
  });
});
