import type { Target } from '../../cli/target';
import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import { DEFAULT_PROMPT, runSmoke, SMOKE_PRODUCT } from '../../cli/smoke';
import { FakeApi, FakeState } from './fake-api';
import { writeKubeconfig } from '../kubeconfig-fixture';
import { KubeObject, memoryScreen, readDocs, scenario, testTarget } from './helpers';

let api: FakeApi;
const clock = () => {
  let t = 0;
  return () => (t += 250);
};

beforeEach(async () => {
  api = new FakeApi(cluster());
  await api.start();
});
afterEach(() => api.stop());

function cluster(): FakeState {
  return {
    objects: [...scenario('09-ready'), ...readDocs('app', 'objects.yaml')],
    logs: {},
    endpointsReady: true,
    nodeClaimApi: true,
    model: 'falcon-7b-instruct',
  };
}

async function smoke(env: Record<string, string> = {}, prompt = DEFAULT_PROMPT, servedModelName?: string) {
  const screen = memoryScreen();
  const target = testTarget(env);
  const { kaito } = target.config;
  const served = servedModelName
    ? ({ ...target, config: { ...target.config, kaito: { ...kaito, preset: { ...kaito.preset, servedModelName } } } } as Target)
    : target;
  const code = await runSmoke(new KubeClient(api.connection()), served, { prompt, requestTimeoutMs: 5_000 }, { screen, clock: clock() });
  return { code, text: screen.text() };
}

describe('smoke', () => {
  test('calls the model and ai-service through the service proxy, prints answers and timings: exit 0', async () => {
    const { code, text } = await smoke();
    expect(code).toBe(EXIT.OK);
    expect(text).toContain(
      "Smoke test of workspace-falcon-7b-instruct in pets, through the API server's service proxy (context test-context)",
    );
    expect(text).toMatch(/✔ GET {2}\/v1\/models +200 +\d\.\d\d s {2}falcon-7b-instruct\n/);
    expect(text).toMatch(/✔ POST \/v1\/chat\/completions +200 +\d\.\d\d s {2}23 tokens/);
    expect(text).toContain(`prompt  ${DEFAULT_PROMPT}`);
    expect(text).toContain('answer  A GPU runs the huge number of matrix multiplications');
    expect(text).toMatch(/✔ GET {2}ai-service \/health +200 +\d\.\d\d s {2}version 2\.2\.0, capabilities: description/);
    expect(text).toMatch(
      /✔ POST ai-service \/generate\/description +200 +\d\.\d\d s {2}backend local LLM http:\/\/workspace-falcon-7b-instruct\.pets\.svc\/v1 \(model falcon-7b-instruct\)/,
    );
    expect(text).toContain('answer  Meet the Contoso Catnip Cushion: a plush, cat, toy, catnip companion');
    expect(text).toContain('✔ smoke passed: 4 calls in 0.25 s');
  });

  test("asks for the model by the name Kaito serves it under, not the preset's (issue 27)", async () => {
    api.state.model = 'mistral-7b-instruct-v0.3';
    const { code, text } = await smoke({}, 'Say hi', 'mistral-7b-instruct-v0.3');
    expect(code).toBe(EXIT.OK);
    expect(text).toMatch(/✔ GET {2}\/v1\/models +200 +\d\.\d\d s {2}mistral-7b-instruct-v0\.3\n/);
    expect(api.seen.find((s) => s.method === 'POST')?.body).toMatchObject({ model: 'mistral-7b-instruct-v0.3' });
  });

  test('fails when /v1/models does not list the name ai-service asks for, and says which it lists', async () => {
    api.state.model = 'mistral-7b-instruct-v0.3';
    const { code, text } = await smoke({}, 'Say hi');
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toMatch(
      /✖ GET {2}\/v1\/models +200 +\d\.\d\d s {2}lists mistral-7b-instruct-v0\.3, not falcon-7b-instruct, the name kaito-aks gives ai-service \(LOCAL_LLM_MODEL\)/,
    );
    expect(text).toMatch(/✖ POST \/v1\/chat\/completions +404/);
  });

  test("uses the Services' own ports, and sends the bodies the OpenAI API and the store-admin UI send", async () => {
    await smoke({}, 'Say hi');
    const posts = api.seen.filter((s) => s.method === 'POST');
    expect(posts.map((p) => p.path)).toEqual([
      '/api/v1/namespaces/pets/services/workspace-falcon-7b-instruct:80/proxy/v1/chat/completions',
      '/api/v1/namespaces/pets/services/ai-service:5001/proxy/generate/description',
    ]);
    expect(posts[0].body).toEqual({
      model: 'falcon-7b-instruct',
      messages: [{ role: 'user', content: 'Say hi' }],
      max_tokens: 128,
      temperature: 0,
    });
    expect(posts[1].body).toEqual({ name: SMOKE_PRODUCT.name, tags: [...SMOKE_PRODUCT.tags] });
  });

  test('no ready endpoints: exit 1, the API server message and a hint to run wait', async () => {
    api.state.endpointsReady = false;
    const { code, text } = await smoke();
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toMatch(/✖ GET {2}\/v1\/models +503 +\d\.\d\d s {2}no endpoints available for service "workspace-falcon-7b-instruct"/);
    expect(text).toContain('✖ smoke failed: 4 of 4 calls');
    expect(text).toContain('a Service has no ready pod yet: run `npm run wait`');
  });

  test('a missing Service: exit 1, says kaito-stack may not be applied', async () => {
    api.state.objects = api.state.objects.filter((o) => !(o.kind === 'Service' && o.metadata.name === 'ai-service'));
    const { code, text } = await smoke();
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('✖ Service ai-service');
    expect(text).toContain('Service ai-service not found in pets');
    expect(text).toContain('is kaito-stack applied');
  });

  test('a call the API server refuses (401): the hint gets fresh AKS credentials', async () => {
    api.state.descriptionError = { times: 1, status: 401, body: { message: 'Unauthorized' } };
    const { code, text } = await smoke();
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('the API server refused the call: get fresh credentials (az aks get-credentials, kubelogin)');
  });

  test('a call the API server refuses (401) in kubeconfig mode: the hint is the AKS_KUBECONFIG file, not az aks get-credentials', async () => {
    api.state.descriptionError = { times: 1, status: 401, body: { message: 'Unauthorized' } };
    const file = writeKubeconfig();
    const env = {
      AKS_KUBECONFIG: file,
      AZURE_SUBSCRIPTION_ID: '11111111-1111-1111-1111-111111111111',
      AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
      KAITO_IDENTITY_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
    };
    const { code, text } = await smoke(env);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(`the API server refused the call: refresh the credentials in ${file} (AKS_KUBECONFIG)`);
    expect(text).not.toContain('get-credentials');
  });

  test("a model server's error body is shown as the reason", async () => {
    api.state.chatError = "This model's maximum context length is 2048 tokens. However, you requested 4200 tokens.";
    const { code, text } = await smoke();
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toMatch(/✖ POST \/v1\/chat\/completions +400 +\d\.\d\d s {2}This model's maximum context length is 2048 tokens/);
    expect(text).toContain('✖ smoke failed: 1 of 4 calls');
  });

  test('Azure OpenAI backend: ai-service is still called the same way; the backend line says which', async () => {
    const configMap = api.state.objects.find((o) => o.kind === 'ConfigMap') as KubeObject & { data: Record<string, string> };
    configMap.data = {
      USE_AZURE_OPENAI: 'True',
      USE_AZURE_AD: 'True',
      AZURE_OPENAI_ENDPOINT: 'https://oai-kaito-k3x9.openai.azure.com/',
      AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-4.1-mini',
      AZURE_OPENAI_API_VERSION: '2024-12-01-preview',
    };
    const { code, text } = await smoke({ DEPLOY_AZURE_OPENAI: 'true' });
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('backend Azure OpenAI https://oai-kaito-k3x9.openai.azure.com/ (deployment gpt-4.1-mini)');
    expect(text).not.toContain('note:');
  });

  test('a cluster whose backend differs from the configuration gets a note', async () => {
    const { text } = await smoke({ DEPLOY_AZURE_OPENAI: 'true' });
    expect(text).toContain(
      'note: ai-service runs local LLM http://workspace-falcon-7b-instruct.pets.svc/v1 (model falcon-7b-instruct), but the configuration asks for azure-openai (DEPLOY_AZURE_OPENAI=true); re-apply kaito-stack',
    );
  });

  test('an API server that refuses connections: stopped at once with that cause, not a timeout or a re-apply', async () => {
    const screen = memoryScreen();
    const client = new KubeClient({ server: 'http://127.0.0.1:9', context: 'nowhere', applyAuth: async () => undefined });
    const code = await runSmoke(client, testTarget(), { prompt: 'x', requestTimeoutMs: 1_000 }, { screen, clock: clock() });
    expect(code).toBe(EXIT.FAILURE);
    expect(screen.text()).toContain('✖ cannot read the cluster: nothing accepts connections at 127.0.0.1:9 (connection refused)');
    expect(screen.text()).not.toMatch(/request-timeout|re-apply kaito-stack/);
  });
});
