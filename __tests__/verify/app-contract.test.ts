/**
 * verify/app-contract.ts, the TypeScript half of `npm run test:app-contract`: the case it hands the
 * Python driver takes ai-service's side from the synthesized ConfigMap and ServiceAccount, and the
 * other side from elsewhere (Kaito's workload, the infra identity and federated credential).
 */
import { CASES, driverCase, fakeClientId } from '../../verify/app-contract';

const [falcon, mistral, azure] = CASES;

test('local LLM at 0.12.0: ai-service asks for the name Kaito serves, at the Workspace Service', () => {
  const c = driverCase(mistral);
  expect(c.local).toEqual({ host: 'workspace-mistral-7b-instruct.pets.svc', port: 80, servedModelName: 'mistral-7b-instruct-v0.3' });
  expect(c.env).toEqual({
    USE_LOCAL_LLM: 'True',
    LOCAL_LLM_ENDPOINT: 'http://workspace-mistral-7b-instruct.pets.svc/v1',
    LOCAL_LLM_MODEL: 'mistral-7b-instruct-v0.3',
  });
  expect(driverCase(mistral, 'model').env.LOCAL_LLM_MODEL).toBe('mistral-7b-instruct');
  expect(driverCase(falcon).local?.servedModelName).toBe('falcon-7b-instruct');
});

test('Azure OpenAI: the webhook would inject the client id of the identity infra federates with the pod', () => {
  const c = driverCase(azure);
  expect(c.azure).toMatchObject({
    host: 'oai-kaito-0a1b2c3d.openai.azure.com',
    deployment: 'gpt-4.1-mini',
    apiVersion: '2024-12-01-preview',
    clientId: fakeClientId('id-kaito-ai-service'),
    subject: 'system:serviceaccount:pets:ai-service-account',
    audience: 'api://AzureADTokenExchange',
  });
  expect(c.webhook).toMatchObject({ clientId: c.azure?.clientId, podSubject: c.azure?.subject, tenantId: c.azure?.tenantId });
  expect(c.env.AZURE_OPENAI_ENDPOINT).toBe('https://oai-kaito-0a1b2c3d.openai.azure.com/');
  expect(c.env.AZURE_OPENAI_API_VERSION).toBe(c.azure?.apiVersion);
});

test('each --break spoils one side only, so the driver run must fail', () => {
  const wrongIdentity = driverCase(azure, 'client-id');
  expect(wrongIdentity.webhook?.clientId).toBe(fakeClientId('id-kaito-kaito-provisioner'));
  expect(wrongIdentity.azure?.clientId).toBe(fakeClientId('id-kaito-ai-service'));
  const wrongVersion = driverCase(azure, 'api-version');
  expect(wrongVersion.env.AZURE_OPENAI_API_VERSION).not.toBe(wrongVersion.azure?.apiVersion);
});
