/**
 * `kaito-aks smoke`: calls the model and ai-service through the Kubernetes API server's service proxy
 * (no pod to start, no port to expose): `GET /v1/models` and a chat completion on the Workspace's
 * Service, then ai-service's `GET /health` and `POST /generate/description` with the body the
 * store-admin UI sends (`{"name", "tags"}`). Prints the answers and how long each call took.
 */
import { DeployedBackend, deployedBackend, describeBackend } from './app-objects';
import { KUBERNETES_NAMES } from '../config/names';
import { formatDuration, formatSeconds } from './duration';
import { EXIT, ExitCode } from './exit-codes';
import type { ConfigMap, Service } from './kube-types';
import { describeBody, KubeApiError, KubeClient, KubeResponse, serviceProxyPath } from './kube';
import type { Screen } from './progress';
import type { Target } from './target';
import { apiFailure } from './wait';
import { DEFAULT_PROPAGATION_WINDOW_MS, Propagation, PROPAGATION_RETRY_MS, propagationProgress, recognizePropagation } from './propagation';

/** Options of `smoke`. */
export interface SmokeOptions {
  /** The question for the chat completion. */
  readonly prompt: string;
  /** Give up on one call after this long, milliseconds. */
  readonly requestTimeoutMs: number;
  /**
   * How long to retry answers that a new role assignment or federated credential explains
   * (PermissionDenied, AADSTS70021, an API server 403), from the first one, milliseconds.
   * @default DEFAULT_PROPAGATION_WINDOW_MS (10 minutes)
   */
  readonly propagationWindowMs?: number;
  /**
   * The longest a read of the API server itself (the Service lookup) may take, milliseconds
   * (`--api-timeout`): a server that never answers is named in seconds, not after `requestTimeoutMs`.
   * @default DEFAULT_SMOKE_API_TIMEOUT_MS (10 s)
   */
  readonly apiTimeoutMs?: number;
}

/** What `smoke` needs from its surroundings; the tests pass a fake clock. */
export interface SmokeRuntime {
  /** Where output goes. */
  readonly screen: Screen;
  /** A monotonic clock, milliseconds. */
  clock(): number;
  /**
   * Resolves after `ms` milliseconds.
   * @default setTimeout
   */
  sleep?(ms: number): Promise<void>;
}

/** The default question. */
export const DEFAULT_PROMPT = 'In one sentence, what does a GPU do for a language model?';

/** The product whose description ai-service writes, as store-admin sends it. */
export const SMOKE_PRODUCT = { name: 'Contoso Catnip Cushion', tags: ['cat', 'toy', 'catnip'] } as const;

interface Call {
  readonly ok: boolean;
  readonly label: string;
  readonly status?: number;
  readonly ms?: number;
  readonly summary: string;
  readonly lines?: readonly string[];
}

/** The deadline of a read of the API server itself in `smoke`, milliseconds (`--api-timeout`). */
export const DEFAULT_SMOKE_API_TIMEOUT_MS = 10_000;

/** Runs `smoke` and returns its exit code. */
export async function runSmoke(kube: KubeClient, target: Target, options: SmokeOptions, rt: SmokeRuntime): Promise<ExitCode> {
  const started = rt.clock();
  const ns = target.namespace;
  const out = rt.screen;
  const windowMs = options.propagationWindowMs ?? DEFAULT_PROPAGATION_WINDOW_MS;
  const sleep = rt.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let windowStart: number | undefined;
  let lateAfterWindow: { propagation: Propagation; label: string } | undefined;
  /** Tries `attempt` again while its answer says a role or credential is still propagating, within the window. */
  const withPropagation = async <T>(
    label: string,
    attempt: () => Promise<T>,
    failureText: (result: T) => string | undefined,
  ): Promise<T> => {
    for (;;) {
      const result = await attempt();
      const text = failureText(result);
      const propagation = text === undefined ? undefined : recognizePropagation(text);
      if (!propagation) return result;
      const now = rt.clock();
      windowStart ??= now;
      const waited = now - windowStart;
      if (waited >= windowMs) {
        lateAfterWindow = { propagation, label };
        return result;
      }
      out.write(`  … ${propagationProgress(propagation, waited, windowMs, label)}\n`);
      await sleep(Math.min(PROPAGATION_RETRY_MS, windowMs - waited));
    }
  };
  const failedAnswer = (r: { res?: KubeResponse }) => (r.res && (r.res.status < 200 || r.res.status > 299) ? r.res.text : undefined);
  const call = (method: string, path: string, body: unknown, label: string) =>
    withPropagation(label, () => callOnce(kube, method, path, body, options.requestTimeoutMs), failedAnswer);
  const proxyBase = (name: string) =>
    withPropagation(
      `Service ${name}`,
      () => proxyBaseOnce(kube, ns, name, options.apiTimeoutMs ?? DEFAULT_SMOKE_API_TIMEOUT_MS),
      (r) => (typeof r === 'string' ? undefined : r.message),
    );
  out.write(`Smoke test of ${target.workspace} in ${ns}, through the API server's service proxy (context ${kube.connection.context})\n\n`);
  const calls: Call[] = [];
  const show = (call: Call) => {
    calls.push(call);
    const status = call.status === undefined ? '---' : String(call.status);
    const ms = call.ms === undefined ? '' : formatSeconds(call.ms);
    out.write(`  ${call.ok ? '✔' : '✖'} ${call.label.padEnd(40)} ${status}  ${ms.padStart(8)}  ${call.summary}\n`);
    for (const line of call.lines ?? []) out.write(`      ${line}\n`);
  };

  // the model, on the Workspace's Service; an API server that cannot be read at all stops here, named
  const model = await proxyBase(target.workspace);
  if (
    typeof model !== 'string' &&
    model.error &&
    (model.error.status === undefined || model.error.status === 401 || model.error.status === 403)
  ) {
    out.write(apiFailure(model.error, target, kube.connection.server, '--api-timeout'));
    return EXIT.FAILURE;
  }
  if (typeof model !== 'string') {
    show({ ok: false, label: `Service ${target.workspace}`, status: model.status, summary: model.message });
  } else {
    const models = await call('GET', `${model}/v1/models`, undefined, 'GET /v1/models');
    const ids = ((models.res?.json as { data?: { id?: string }[] } | undefined)?.data ?? [])
      .map((m) => m.id)
      .filter((id): id is string => !!id);
    // the name Kaito gives vLLM (--served-model-name), which ai-service asks for as LOCAL_LLM_MODEL
    // not recorded (Kaito 0.6.0): ai-service then takes the model listed, so one must be
    const modelName = target.config.kaito.preset.servedModelName;
    const listed = modelName === undefined ? ids.length > 0 : ids.includes(modelName);
    show({
      ...verdict('GET  /v1/models', models, listed, ids.join(', ') || 'no model listed'),
      ...(models.res && models.res.status >= 200 && models.res.status <= 299 && !listed
        ? { summary: `lists ${ids.join(', ') || 'no model'}, not ${modelName}, the name kaito-aks gives ai-service (LOCAL_LLM_MODEL)` }
        : {}),
    });

    const chat = await call(
      'POST',
      `${model}/v1/chat/completions`,
      { model: modelName, messages: [{ role: 'user', content: options.prompt }], max_tokens: 128, temperature: 0 },
      'POST /v1/chat/completions',
    );
    const body = chat.res?.json as { choices?: { message?: { content?: string } }[]; usage?: { completion_tokens?: number } } | undefined;
    const answer = body?.choices?.[0]?.message?.content?.trim();
    const tokens = body?.usage?.completion_tokens;
    show({
      ...verdict('POST /v1/chat/completions', chat, !!answer, tokens === undefined ? 'answered' : `${tokens} tokens`),
      lines: answer ? [`prompt  ${options.prompt}`, `answer  ${oneLine(answer)}`] : undefined,
    });
  }

  // ai-service, the way the store-admin UI calls it
  const configMap = await kube
    .getOptional<ConfigMap>(`/api/v1/namespaces/${ns}/configmaps/${KUBERNETES_NAMES.aiService.configMap}`)
    .catch(() => undefined);
  const backend = deployedBackend(configMap?.data);
  const ai = await proxyBase(KUBERNETES_NAMES.aiService.service);
  if (typeof ai !== 'string') {
    show({ ok: false, label: `Service ${KUBERNETES_NAMES.aiService.service}`, status: ai.status, summary: ai.message });
  } else {
    const health = await call('GET', `${ai}/health`, undefined, 'ai-service /health');
    const h = health.res?.json as { status?: string; version?: string; capabilities?: string[] } | undefined;
    const described = h?.capabilities?.includes('description') === true;
    show(
      verdict(
        'GET  ai-service /health',
        health,
        h?.status === 'ok' && described,
        h
          ? `version ${h.version ?? '?'}, capabilities: ${(h.capabilities ?? []).join(', ') || 'none'}${described ? '' : ' (no "description": store-admin hides Ask AI Assistant)'}`
          : 'no health report',
      ),
    );
    const generated = await call('POST', `${ai}/generate/description`, SMOKE_PRODUCT, 'ai-service /generate/description');
    const description = (generated.res?.json as { description?: string } | undefined)?.description?.trim();
    show({
      ...verdict('POST ai-service /generate/description', generated, !!description, `backend ${describeBackend(backend)}`),
      lines: description
        ? [`product ${SMOKE_PRODUCT.name} (${SMOKE_PRODUCT.tags.join(', ')})`, `answer  ${oneLine(description)}`]
        : undefined,
    });
  }

  const mismatch = backendMismatch(target, backend);
  if (mismatch) out.write(`\n  note: ${mismatch}\n`);
  const failed = calls.filter((c) => !c.ok);
  const total = formatSeconds(rt.clock() - started);
  if (failed.length === 0) {
    out.write(`\n✔ smoke passed: ${calls.length} calls in ${total}\n`);
    return EXIT.OK;
  }
  out.write(`\n✖ smoke failed: ${failed.length} of ${calls.length} calls (${total})\n`);
  if (lateAfterWindow) {
    const { propagation, label } = lateAfterWindow;
    const window = `${label} still answers ${propagation.marker} after the ${formatDuration(windowMs)} propagation window (--propagation-window)`;
    if (propagation.what === 'Azure OpenAI deployment') {
      const name = configMap?.data?.AZURE_OPENAI_DEPLOYMENT_NAME;
      const { openAiAccount, resourceGroup } = target.config.names;
      out.write(
        `  ${window}: the deployment is missing, not late; the ai-service ConfigMap's AZURE_OPENAI_DEPLOYMENT_NAME${name ? ` (${name})` : ''} names no deployment of the account: az cognitiveservices account deployment list --name ${openAiAccount} --resource-group ${resourceGroup} --output table; re-apply infra (cdktf deploy infra, or azd provision), then kaito-stack\n`,
      );
    } else {
      out.write(
        `  ${window}: the ${propagation.what} is missing or wrong, not late; re-apply infra (cdktf deploy infra, or azd provision) and check it with az role assignment list / az identity federated-credential list\n`,
      );
    }
  }
  for (const hint of new Set(failed.map((c) => hintFor(c, target)).filter((h): h is string => !!h))) out.write(`  ${hint}\n`);
  return EXIT.FAILURE;
}

/** The proxy base path of a Service's first port, or why there is none (with the API error, when that is why). */
async function proxyBaseOnce(
  kube: KubeClient,
  ns: string,
  name: string,
  timeoutMs: number,
): Promise<string | { status?: number; message: string; error?: KubeApiError }> {
  try {
    const service = await kube.getOptional<Service>(`/api/v1/namespaces/${ns}/services/${name}`, { timeoutMs });
    if (!service) return { status: 404, message: `Service ${name} not found in ${ns}` };
    const port = service.spec?.ports?.[0]?.port;
    if (port === undefined) return { message: `Service ${name} has no port` };
    return serviceProxyPath(ns, name, port, '');
  } catch (err) {
    if (err instanceof KubeApiError) return { status: err.status, message: err.message, error: err };
    throw err;
  }
}

async function callOnce(
  kube: KubeClient,
  method: string,
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ res?: KubeResponse; error?: string }> {
  try {
    return { res: await kube.request(method, path, { body, timeoutMs }) };
  } catch (err) {
    if (err instanceof KubeApiError) return { error: err.message };
    throw err;
  }
}

function verdict(label: string, result: { res?: KubeResponse; error?: string }, understood: boolean, summary: string): Call {
  const { res, error } = result;
  if (!res) return { ok: false, label, summary: error ?? 'no answer' };
  const ok = res.status >= 200 && res.status <= 299 && understood;
  return { ok, label, status: res.status, ms: res.ms, summary: ok ? summary : oneLine(describeBody(res)) };
}

function backendMismatch(target: Target, backend: DeployedBackend): string | undefined {
  const wanted = target.config.openAi.enabled ? 'azure-openai' : 'local-llm';
  if (backend.kind === wanted) return undefined;
  return `ai-service runs ${describeBackend(backend)}, but the configuration asks for ${wanted} (DEPLOY_AZURE_OPENAI=${target.config.openAi.enabled}); re-apply kaito-stack`;
}

function hintFor(call: Call, target: Target): string | undefined {
  if (/no endpoints available/i.test(call.summary) || call.status === 503) {
    return `a Service has no ready pod yet: run \`npm run wait\` (or kubectl get pods --namespace ${target.namespace})`;
  }
  if (call.status === 404) return 'an object is missing: is kaito-stack applied (cdktf deploy kaito-stack, or azd up)?';
  if (call.status === undefined)
    return 'a call got no answer: the first answer after the model starts can be slow; raise --request-timeout';
  if (call.status === 401 || call.status === 403)
    return target.kubeconfig === undefined
      ? 'the API server refused the call: get fresh credentials (az aks get-credentials, kubelogin)'
      : `the API server refused the call: refresh the credentials in ${target.kubeconfig} (AKS_KUBECONFIG)`;
  return undefined;
}

function oneLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}
