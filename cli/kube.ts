/**
 * A small Kubernetes API client: JSON requests to paths of the API server, authenticated the way the
 * user's kubeconfig says (for AKS with Entra ID: the kubelogin exec plugin that
 * `az aks get-credentials` + `kubelogin convert-kubeconfig` set up).
 *
 * `@kubernetes/client-node` reads the kubeconfig and produces the TLS material and the token; it is
 * loaded only by {@link connectKube}, so commands that do not talk to the cluster start fast. The
 * requests themselves go through Node's http/https, because the service proxy calls need request
 * bodies that client-node's generated `connect*Proxy` methods do not take.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import * as http from 'node:http';
import * as https from 'node:https';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatDuration } from './duration';

/** Where the API server is and how to authenticate to it. */
export interface KubeConnection {
  /** API server URL, e.g. `https://aks-kaito-abc.hcp.eastus.azmk8s.io:443`. */
  readonly server: string;
  /** The kubeconfig context in use. */
  readonly context: string;
  /** Adds the TLS material, an agent and the Authorization header to the options of one request. */
  applyAuth(options: https.RequestOptions): Promise<void>;
}

/** An answer of the API server, whatever its status. */
export interface KubeResponse {
  /** HTTP status. */
  readonly status: number;
  /** Body as text. */
  readonly text: string;
  /** Body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  /** Time from sending to the last byte, milliseconds. */
  readonly ms: number;
}

/** A request that failed: no answer (`status` undefined) or an error status. */
export class KubeApiError extends Error {
  constructor(
    /** HTTP method. */
    readonly method: string,
    /** Request path. */
    readonly path: string,
    /** HTTP status, or undefined when the request got no answer. */
    readonly status: number | undefined,
    message: string,
    /**
     * Why there was no answer, when there was none: Node's error code (`ECONNREFUSED`, `ENOTFOUND`,
     * `DEPTH_ZERO_SELF_SIGNED_CERT`, ...), `TIMEOUT` when the answer did not come in time, or
     * `CREDENTIALS` when no token could be had (kubelogin).
     */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** The kubeconfig could not be used: missing file, unknown context, no current context. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

/** Options of one request. */
export interface RequestOptions {
  /** Query parameters. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** JSON body. */
  readonly body?: unknown;
  /**
   * Give up after this long without the whole answer, milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/** JSON requests to one API server. */
export class KubeClient {
  constructor(
    /** Where and how. */
    readonly connection: KubeConnection,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Sends one request and returns the answer whatever its status.
   * @throws KubeApiError when there is no answer (refused, DNS, TLS, timeout, no credentials).
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<KubeResponse> {
    const url = new URL(this.connection.server.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const requestOptions: https.RequestOptions = {
      method,
      headers: {
        Accept: 'application/json',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    };
    try {
      await this.connection.applyAuth(requestOptions);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { path?: string };
      if ((e.code === 'ENOENT' || e.code === 'EACCES') && typeof e.syscall === 'string' && e.syscall.startsWith('spawn')) {
        // the exec plugin of the kubeconfig's user is not installed (or not executable): say so, at once
        const program = e.path ?? e.syscall.replace(/^spawn\s*/, '');
        throw new KubeApiError(
          method,
          path,
          undefined,
          `context "${this.connection.context}" gets its token by running "${program}", which ${e.code === 'ENOENT' ? 'is not installed (not found on PATH)' : 'cannot be run (permission denied)'}`,
          'EXEC_MISSING',
        );
      }
      throw new KubeApiError(
        method,
        path,
        undefined,
        `could not get credentials for context "${this.connection.context}": ${(err as Error).message}`,
        'CREDENTIALS',
      );
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    const started = this.clock();
    return new Promise<KubeResponse>((resolve, reject) => {
      const send = url.protocol === 'http:' ? http.request : https.request;
      const req = send(url, requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err: NodeJS.ErrnoException) =>
          reject(new KubeApiError(method, path, undefined, `${url.host}: ${err.message}`, err.code)),
        );
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, json: parseJson(text), ms: this.clock() - started });
        });
      });
      // the whole exchange, connecting included, gets timeoutMs: a server that never answers costs no more
      const timer = setTimeout(
        () =>
          req.destroy(
            Object.assign(new Error(`no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : formatDuration(timeoutMs)}`), {
              code: 'TIMEOUT',
            }),
          ),
        timeoutMs,
      );
      req.on('close', () => clearTimeout(timer));
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          new KubeApiError(
            method,
            path,
            undefined,
            `${url.host}: ${err.code && err.code !== 'TIMEOUT' ? `${err.code} ` : ''}${err.message}`,
            err.code,
          ),
        ),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * GETs a JSON object.
   * @throws KubeApiError on no answer or a status other than 2xx.
   */
  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.request('GET', path, options);
    if (res.status < 200 || res.status > 299) throw statusError('GET', path, res);
    return res.json as T;
  }

  /**
   * GETs a JSON object, or undefined when the API server answers 404.
   * @throws KubeApiError on no answer or a status other than 2xx and 404.
   */
  async getOptional<T>(path: string, options: RequestOptions = {}): Promise<T | undefined> {
    const res = await this.request('GET', path, options);
    if (res.status === 404) return undefined;
    if (res.status < 200 || res.status > 299) throw statusError('GET', path, res);
    return res.json as T;
  }

  /**
   * GETs text, e.g. a pod log.
   * @throws KubeApiError on no answer or a status other than 2xx.
   */
  async getText(path: string, options: RequestOptions = {}): Promise<string> {
    const res = await this.request('GET', path, options);
    if (res.status < 200 || res.status > 299) throw statusError('GET', path, res);
    return res.text;
  }
}

/** The error for an answer with a non-2xx status, with the API server's own message when it sent a Status. */
export function statusError(method: string, path: string, res: KubeResponse): KubeApiError {
  return new KubeApiError(method, path, res.status, `${method} ${path}: ${res.status} ${describeBody(res)}`);
}

/** The message of a Kubernetes `Status` body, an OpenAI-style `error`, or the start of the text. */
export function describeBody(res: KubeResponse): string {
  const body = res.json as { kind?: string; message?: string; error?: { message?: string } | string; detail?: unknown } | undefined;
  if (body && typeof body === 'object') {
    if (typeof body.message === 'string') return body.message;
    if (typeof body.error === 'string') return body.error;
    if (body.error && typeof body.error.message === 'string') return body.error.message;
    if (body.detail !== undefined) return typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
  }
  const text = res.text.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}...` : text || '(empty body)';
}

/** The path of the API server's proxy to `service` on `port`, with `subpath` appended. */
export function serviceProxyPath(namespace: string, service: string, port: number | string, subpath: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(service)}:${port}/proxy${subpath}`;
}

/** The kubeconfig files kubectl would read: `KUBECONFIG` (path list) or `~/.kube/config` when it exists. */
export function kubeconfigFiles(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((f) => f !== '');
  const file = join(home, '.kube', 'config');
  return existsSync(file) ? [file] : [];
}

/** Options of {@link connectKube}. */
export interface ConnectOptions {
  /**
   * kubeconfig context to use.
   * @default - the kubeconfig's current context
   */
  readonly context?: string;
  /**
   * The one kubeconfig file to read (kubeconfig mode's `AKS_KUBECONFIG`, already made absolute).
   * @default - what kubectl reads: `KUBECONFIG` or `~/.kube/config`
   */
  readonly file?: string;
}

/**
 * Loads the kubeconfig with @kubernetes/client-node: `options.file` when given, else the user's
 * (`KUBECONFIG` or `~/.kube/config`).
 * @throws KubeConfigError when there is no kubeconfig, the context is unknown or none is current.
 */
export async function connectKube(options: ConnectOptions = {}): Promise<KubeConnection> {
  const files = options.file !== undefined ? [options.file] : kubeconfigFiles(process.env, homedir());
  if (files.length === 0) throw new KubeConfigError('no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist');
  for (const file of files) {
    if (options.file === undefined && !existsSync(file)) continue; // kubectl skips a missing file of KUBECONFIG's list
    const problem = kubeconfigFileProblem(file);
    if (problem) throw new KubeConfigError(`the kubeconfig ${file}${options.file !== undefined ? ' (AKS_KUBECONFIG)' : ''} ${problem}`);
  }
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    if (options.file !== undefined) kc.loadFromFile(options.file);
    else kc.loadFromDefault();
  } catch (err) {
    // the reader's own words, first line only: never the file's bytes nor a JavaScript TypeError
    const reason =
      err instanceof TypeError ? 'it is not a kubeconfig (no clusters, contexts and users)' : (err as Error).message.split('\n')[0];
    throw new KubeConfigError(`could not read the kubeconfig (${files.join(', ')}): ${reason}; ${REPLACE_KUBECONFIG}`);
  }
  if (kc.getContexts().length === 0) {
    throw new KubeConfigError(
      `the kubeconfig (${files.join(', ')}) has no contexts: it is not a kubeconfig of a cluster; ${REPLACE_KUBECONFIG}`,
    );
  }
  const where = options.file !== undefined ? `the kubeconfig ${options.file} (AKS_KUBECONFIG)` : 'the kubeconfig';
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(
        `context "${options.context}" is not in ${where}; it has: ${known.length > 0 ? known.join(', ') : '(no contexts)'}`,
      );
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new KubeConfigError(
      options.file !== undefined
        ? `${where} has no current context; set AKS_KUBECONFIG_CONTEXT or pass --context`
        : `the kubeconfig (${files.join(', ')}) has no current context; pass --context or run kubectl config use-context`,
    );
  }
  return { server: cluster.server, context: kc.getCurrentContext(), applyAuth: (o) => kc.applyToHTTPSOptions(o) };
}

const REPLACE_KUBECONFIG =
  'write it again (az aks get-credentials --resource-group <group> --name <cluster> --overwrite-existing), or point KUBECONFIG or AKS_KUBECONFIG at a good one';

/**
 * What makes `file` unreadable as a kubeconfig before any parser sees it, or undefined: missing,
 * empty, binary (NUL bytes or not UTF-8), or not YAML (the parser's first line, never the bytes).
 */
export function kubeconfigFileProblem(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `does not exist; ${REPLACE_KUBECONFIG}` : `cannot be read (${code ?? 'error'})`;
  }
  if (bytes.toString('utf8').trim() === '') return `is empty; ${REPLACE_KUBECONFIG}`;
  if (bytes.includes(0) || !isUtf8(bytes))
    return `is not a text file (binary data, ${bytes.length} bytes): a kubeconfig is YAML; ${REPLACE_KUBECONFIG}`;
  try {
    parseYaml(bytes.toString('utf8'));
  } catch (err) {
    return `is not valid YAML (${(err as Error).message.split('\n')[0].replace(/:$/, '')}); ${REPLACE_KUBECONFIG}`;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
