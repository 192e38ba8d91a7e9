/**
 * What an API server failure means and what to do next, per kind: connection refused, a name that
 * does not resolve, a certificate the kubeconfig does not trust, credentials refused or not to be
 * had, no answer in time, and the rest. Pure: the commands print it.
 */
import type { KubeApiError } from './kube';

/** The kinds of API server failure. */
export type ApiFailureKind = 'refused' | 'dns' | 'tls' | 'credentials' | 'forbidden' | 'timeout' | 'unreachable' | 'other';

/** An API server failure, explained. */
export interface ApiFailure {
  /** What kind. */
  readonly kind: ApiFailureKind;
  /** One line: what happened, naming the server. */
  readonly title: string;
  /** What to do, one step a line. */
  readonly next: readonly string[];
  /** Whether trying again in a few seconds can help (a restart, a blip); DNS, TLS and credentials cannot. */
  readonly transient: boolean;
}

/** Node's and OpenSSL's codes for a certificate the client does not trust. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/**
 * Explains a failed request to `server`.
 * @param credentials the commands that fetch fresh credentials for this environment's cluster.
 * @param timeoutOption the option of the running command that sets the deadline of this request
 *   (`--request-timeout`); undefined when it has none, and then no option is suggested.
 */
export function explainApiFailure(err: KubeApiError, server: string, credentials: readonly string[], timeoutOption?: string): ApiFailure {
  const host = hostOf(server);
  const code = err.code ?? '';
  const fresh = credentials.map((c) => `  ${c}`);
  if (code === 'EXEC_MISSING') {
    // not a login problem: the program the kubeconfig runs for a token is not installed
    return {
      kind: 'credentials',
      title: err.message,
      next: [
        err.message.includes('"kubelogin"')
          ? 'install kubelogin (az aks install-cli installs kubectl and kubelogin; or https://azure.github.io/kubelogin/install.html), then run again'
          : "install that program, or fix the user's exec command in the kubeconfig, then run again",
      ],
      transient: false,
    };
  }
  if (err.status === 401 || code === 'CREDENTIALS') {
    return {
      kind: 'credentials',
      title:
        err.status === 401
          ? `the API server ${host} refused the credentials (401): the token is expired or not for this cluster`
          : `no token for ${host}: ${err.message}`,
      next: [
        'sign in again (az login, or azd auth login) and get fresh credentials:',
        ...fresh,
        'kubelogin caches tokens: kubelogin remove-cache-dir clears them',
      ],
      // a refused token stays refused; getting none can be a passing kubelogin or network blip
      transient: err.status !== 401,
    };
  }
  if (err.status === 403) {
    return {
      kind: 'forbidden',
      title: `the API server ${host} knows you but does not let you read this (403)`,
      next: [
        'an "Azure Kubernetes Service RBAC Cluster Admin" (or Reader) role assignment on the cluster grants it; infra gives it to the deployer',
        'a new assignment takes a few minutes to apply',
      ],
      transient: false,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      kind: 'refused',
      title: `nothing accepts connections at ${host} (connection refused)`,
      next: [
        'the cluster may be stopped (az aks start), still starting, or deleted, or the kubeconfig points at another cluster:',
        ...fresh,
      ],
      transient: true,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      kind: 'dns',
      title: `the API server's name ${hostName(host)} does not resolve (${code})`,
      next: [
        'the cluster was deleted or recreated under another address, or this machine has no DNS for it (a private cluster needs its network):',
        ...fresh,
      ],
      transient: code === 'EAI_AGAIN',
    };
  }
  if (TLS_CODES.has(code) || /certificate|SSL routines|TLS/i.test(err.message)) {
    return {
      kind: 'tls',
      title: `the API server ${host} presents a certificate the kubeconfig does not trust (${code || 'TLS error'})`,
      next: [
        'the cluster was recreated or its certificates rotated (az aks rotate-certs), or something in between intercepts TLS; fetch the CA again:',
        ...fresh,
      ],
      transient: false,
    };
  }
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      title: `no answer from the API server ${host}: ${err.message.replace(`${host}: `, '')}`,
      next: [
        "the cluster's authorized IP ranges may leave your address out (az aks show --query apiServerAccessProfile), or a firewall or VPN drops the traffic",
        timeoutOption
          ? `or the API server is overloaded: try again, or allow more time (${timeoutOption})`
          : 'or the API server is overloaded: try again',
      ],
      transient: true,
    };
  }
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(code)) {
    return {
      kind: 'unreachable',
      title: `the network to the API server ${host} failed (${code})`,
      next: ["check this machine's network, VPN or proxy, and that the kubeconfig points at this environment's cluster:", ...fresh],
      transient: true,
    };
  }
  return {
    kind: 'other',
    title: `the API server ${host} could not be read: ${err.message}`,
    next: ["check that the kubeconfig points at this environment's cluster:", ...fresh],
    transient: err.status === undefined || err.status >= 500,
  };
}

/** Formats a failure as the commands print it. */
export function formatApiFailure(f: ApiFailure): string {
  return [`✖ cannot read the cluster: ${f.title}`, ...f.next.map((n) => `  ${n}`), ''].join('\n');
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

function hostName(host: string): string {
  return host.replace(/:\d+$/, '');
}
