/**
 * Variables in kaito-aks's namespaces that it does not read: each is one whole ConfigIssue, in
 * name order, and a variable set to blanks only counts as unset.
 */
import { loadConfig } from '../../config';
import { unknownVariables } from '../../config/namespaces';
import { problems } from './helpers';

const RESERVED =
  'not a variable kaito-aks reads (KAITO_*, DEPLOY_AZURE_*, AZURE_OPENAI_*, AKS_*, RS_*, GPU_PROVISIONER_*, STORE_CHART_* are reserved for its settings)';
const UNSET = 'unset it (azd: azd env set NAME "" or delete its line in .azure/<env>/.env); the README lists every variable';

describe('unknown variables in the reserved namespaces', () => {
  test('are reported as whole issues in name order, whatever order the environment lists them in', () => {
    const env = {
      STORE_CHART_REPO: 'https://charts.example.com/store',
      KAITO_MODLE: 'phi-4-mini-instruct',
      AZURE_OPENAI_API_KEY: 'not-shown',
      AKS_KUBECONFIG_CONTXT: 'dev',
      DEPLOY_AZURE_OPENAPI: 'true',
    };
    expect(problems(env)).toEqual([
      {
        variable: 'AKS_KUBECONFIG_CONTXT',
        value: 'dev',
        message: `${RESERVED}; did you mean "AKS_KUBECONFIG_CONTEXT"?; ${UNSET}`,
      },
      {
        variable: 'AZURE_OPENAI_API_KEY',
        value: '(hidden)',
        message: `${RESERVED}; kaito-aks uses no keys or tokens from the environment (ai-service signs in with workload identity); did you mean "AZURE_OPENAI_CAPACITY"?; ${UNSET}`,
      },
      {
        variable: 'DEPLOY_AZURE_OPENAPI',
        value: 'true',
        message: `${RESERVED}; did you mean "DEPLOY_AZURE_OPENAI"?; ${UNSET}`,
      },
      { variable: 'KAITO_MODLE', value: 'phi-4-mini-instruct', message: `${RESERVED}; did you mean "KAITO_MODEL"?; ${UNSET}` },
      {
        variable: 'STORE_CHART_REPO',
        value: 'https://charts.example.com/store',
        // too far from STORE_CHART_REPOSITORY for a guess
        message: `${RESERVED}; ${UNSET}`,
      },
    ]);
  });

  test('name order compares code units: a shorter name before its extension, upper case before lower', () => {
    const env = { KAITO_Zz: '1', KAITO_zz: '1', KAITO_Z_X: '1', KAITO_Z: '1', AKS_B: '1', AKS_A: '1' };
    expect(unknownVariables(env).map((u) => u.name)).toEqual(['AKS_A', 'AKS_B', 'KAITO_Z', 'KAITO_Z_X', 'KAITO_Zz', 'KAITO_zz']);
  });

  test.each(['', ' ', '   ', '\t', ' \n '])('a variable set to %j counts as unset and is not reported', (value) => {
    const env = { KAITO_MODLE: value, AKS_UNKNOWN: value };
    expect(unknownVariables(env)).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });

  test('a value with blanks around it is reported as given', () => {
    expect(unknownVariables({ KAITO_MODLE: ' phi ' })).toEqual([
      { name: 'KAITO_MODLE', value: ' phi ', message: `${RESERVED}; did you mean "KAITO_MODEL"?; ${UNSET}` },
    ]);
  });
});
