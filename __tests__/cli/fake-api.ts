/**
 * A Kubernetes API server on 127.0.0.1 for the tests: it speaks the paths the CLI uses (the Workspace,
 * NodeClaims, pods, events, logs, Services, ConfigMaps, Deployments, Secrets, nodes, /version) over
 * recorded objects, and the service proxy to a vLLM-like model server and an ai-service 2.2.0-like
 * service. It checks the bearer token, records every request, and stops when the test stops it.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeConnection } from '../../cli/kube';
import type { KubeObject } from './helpers';

/** The token the fake accepts. */
export const TOKEN = 'test-token';

/** One request as the fake saw it. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body?: unknown;
}

/** What the fake serves; tests change it between rounds. */
export interface FakeState {
  /** Every object in the cluster. */
  objects: KubeObject[];
  /** Previous logs, by pod name. */
  logs: Record<string, string>;
  /** Whether the Services have ready endpoints (else the proxy answers 503 no endpoints). */
  endpointsReady: boolean;
  /** Whether the karpenter.sh/v1 API is served. */
  nodeClaimApi: boolean;
  /** The model name `/v1/models` lists. */
  model: string;
  /** When set, chat completions fail with this OpenAI-style error message. */
  chatError?: string;
  /** When set, ai-service's `/generate/description` answers this error `times` times (then works). */
  descriptionError?: { times: number; status: number; body: unknown };
  /** When set, this many requests in a row get 403 Forbidden, as for a user whose AKS RBAC role is not effective yet. */
  forbidden?: number;
}

const PLURALS: Record<string, string> = { pods: 'Pod', events: 'Event', secrets: 'Secret', services: 'Service', configmaps: 'ConfigMap' };

/** The fake API server. */
export class FakeApi {
  /** Every request, in order. */
  readonly seen: Seen[] = [];
  /** Called before each Workspace GET with the count so far; tests move the cluster along with it. */
  onWorkspaceRead?: (round: number) => void;
  private rounds = 0;
  private server?: Server;

  constructor(public state: FakeState) {}

  /** Starts listening on an ephemeral loopback port; returns the server URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A connection with the right token, or `token` to test a rejected one. */
  connection(token = TOKEN): KubeConnection {
    return {
      server: this.url,
      context: 'test-context',
      applyAuth: async (o) => {
        o.headers = { ...(o.headers as Record<string, string>), Authorization: `Bearer ${token}` };
      },
    };
  }

  /** The paths seen, without query strings. */
  paths(): string[] {
    return this.seen.map((s) => `${s.method} ${s.path}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.seen.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (this.state.forbidden) {
      this.state.forbidden -= 1;
      return status(
        res,
        403,
        'Forbidden',
        `services is forbidden: User "deployer@contoso.example" cannot get resource "services" in API group "" in the namespace "pets": User does not have access to the resource in Azure. Update role assignment to allow access.`,
      );
    }
    const [code, answer] = this.route(req.method ?? 'GET', url, body);
    res.writeHead(code, { 'Content-Type': typeof answer === 'string' ? 'text/plain' : 'application/json' });
    res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const p = url.pathname;
    const q = url.searchParams;
    const s = this.state;
    let m: RegExpExecArray | null;
    if (p === '/version') return [200, { major: '1', minor: '33', gitVersion: 'v1.33.3' }];
    if ((m = /^\/apis\/kaito\.sh\/v1beta1\/namespaces\/([^/]+)\/workspaces\/([^/]+)$/.exec(p))) {
      this.onWorkspaceRead?.(++this.rounds);
      return one(this.state.objects, 'Workspace', m[1], m[2]);
    }
    if (p === '/apis/karpenter.sh/v1/nodeclaims') {
      if (!s.nodeClaimApi) return notFound('the server could not find the requested resource');
      return [
        200,
        list(
          s.objects.filter((o) => o.kind === 'NodeClaim'),
          q,
        ),
      ];
    }
    if (p === '/api/v1/nodes')
      return [
        200,
        list(
          s.objects.filter((o) => o.kind === 'Node'),
          q,
        ),
      ];
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(p))) {
      const log = s.logs[m[2]];
      if (log === undefined || q.get('previous') !== 'true')
        return [400, statusBody(400, 'BadRequest', `previous terminated container not found in pod "${m[2]}"`)];
      return [200, log];
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/:]+):([^/]+)\/proxy(\/.*)?$/.exec(p))) {
      return this.proxy(m[1], m[2], m[3], method, m[4] ?? '/', body);
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/([a-z]+)$/.exec(p)) && PLURALS[m[2]]) {
      return [
        200,
        list(
          s.objects.filter((o) => o.kind === PLURALS[m![2]] && o.metadata.namespace === m![1]),
          q,
        ),
      ];
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/([a-z]+)\/([^/]+)$/.exec(p)) && PLURALS[m[2]])
      return one(s.objects, PLURALS[m[2]], m[1], m[3]);
    if ((m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)$/.exec(p))) return one(s.objects, 'Deployment', m[1], m[2]);
    return notFound('the server could not find the requested resource');
  }

  /** The service proxy: a vLLM-like server behind the Workspace's Service, ai-service behind its own. */
  private proxy(ns: string, service: string, port: string, method: string, path: string, body: unknown): [number, unknown] {
    const svc = this.state.objects.find((o) => o.kind === 'Service' && o.metadata.namespace === ns && o.metadata.name === service) as
      | { spec?: { ports?: { port: number }[] } }
      | undefined;
    if (!svc) return notFound(`services "${service}" not found`);
    if (!(svc.spec?.ports ?? []).some((p) => String(p.port) === port))
      return [503, statusBody(503, 'ServiceUnavailable', `no port ${port} on service "${service}"`)];
    if (!this.state.endpointsReady) return [503, statusBody(503, 'ServiceUnavailable', `no endpoints available for service "${service}"`)];
    const b = body as Record<string, unknown> | undefined;
    if (service === 'ai-service') {
      if (method === 'GET' && path === '/health') return [200, { status: 'ok', version: '2.2.0', capabilities: ['description'] }];
      if (method === 'POST' && path === '/generate/description' && this.state.descriptionError?.times) {
        this.state.descriptionError.times -= 1;
        return [this.state.descriptionError.status, this.state.descriptionError.body];
      }
      if (method === 'POST' && path === '/generate/description') {
        if (typeof b?.name !== 'string' || !Array.isArray(b.tags)) {
          return [422, { detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: b ?? null }] }];
        }
        return [200, { description: `Meet the ${b.name}: a plush, ${b.tags.join(', ')} companion your cat will curl up on for hours.` }];
      }
      return [404, { detail: 'Not Found' }];
    }
    if (method === 'GET' && path === '/v1/models') {
      return [
        200,
        { object: 'list', data: [{ id: this.state.model, object: 'model', created: 1795685000, owned_by: 'vllm', max_model_len: 2048 }] },
      ];
    }
    if (method === 'POST' && path === '/v1/chat/completions') {
      if (b?.model !== this.state.model)
        return [404, { object: 'error', message: `The model \`${String(b?.model)}\` does not exist.`, type: 'NotFoundError', code: 404 }];
      if (!Array.isArray(b.messages) || b.messages.length === 0)
        return [400, { object: 'error', message: 'messages must not be empty', type: 'BadRequestError', code: 400 }];
      if (this.state.chatError)
        return [400, { object: 'error', message: this.state.chatError, type: 'BadRequestError', param: null, code: 400 }];
      return [
        200,
        {
          id: 'chatcmpl-4f9c2a7e1b3d4c5e',
          object: 'chat.completion',
          created: 1795685301,
          model: this.state.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: 'A GPU runs the huge number of matrix multiplications of a language model in parallel, so it answers in seconds.',
              },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 19, completion_tokens: 23, total_tokens: 42 },
        },
      ];
    }
    return [404, { detail: 'Not Found' }];
  }
}

function one(objects: KubeObject[], kind: string, ns: string, name: string): [number, unknown] {
  const found = objects.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name);
  return found ? [200, found] : notFound(`${kind.toLowerCase()}s "${name}" not found`);
}

function list(objects: KubeObject[], q: URLSearchParams): { kind: string; apiVersion: string; items: KubeObject[] } {
  const labels = pairs(q.get('labelSelector'));
  const fields = pairs(q.get('fieldSelector'));
  const items = objects.filter(
    (o) =>
      labels.every(([k, v]) => o.metadata.labels?.[k] === v) &&
      fields.every(([k, v]) => k.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], o) === v),
  );
  return { kind: 'List', apiVersion: 'v1', items };
}

function pairs(selector: string | null): [string, string][] {
  return (selector ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map((s) => s.split('=') as [string, string]);
}

function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function notFound(message: string): [number, unknown] {
  return [404, statusBody(404, 'NotFound', message)];
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(statusBody(code, reason, message)));
}
