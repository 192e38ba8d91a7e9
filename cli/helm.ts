/**
 * Helm releases as Helm 3 stores them: one Secret per revision, labelled `owner=helm`, whose
 * `release` field holds the release as gzipped JSON, base64-encoded (and base64 again by the Secret).
 * Only the chart's name and versions and the release status are read; values are never printed.
 */
import { gunzipSync } from 'node:zlib';
import type { KubeList, Secret } from './kube-types';
import type { KubeClient } from './kube';

/** What `status` shows of a release. */
export interface HelmRelease {
  /** Release name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Revision. */
  readonly revision: number;
  /** `deployed`, `failed`, `pending-install`, ... */
  readonly status: string;
  /** Chart name. */
  readonly chart: string;
  /** Chart version. */
  readonly chartVersion: string;
  /** The app version the chart declares. */
  readonly appVersion?: string;
  /** When it was last deployed (RFC 3339). */
  readonly lastDeployed?: string;
}

interface StoredRelease {
  name?: string;
  namespace?: string;
  version?: number;
  info?: { status?: string; last_deployed?: string };
  chart?: { metadata?: { name?: string; version?: string; appVersion?: string } };
}

/**
 * Decodes a Helm 3 release Secret.
 * @returns undefined when the Secret is not a Helm release.
 */
export function decodeHelmRelease(secret: Secret): HelmRelease | undefined {
  const data = secret.data?.release;
  if (secret.type !== 'helm.sh/release.v1' || !data) return undefined;
  const inner = Buffer.from(Buffer.from(data, 'base64').toString('utf8'), 'base64');
  const isGzip = inner[0] === 0x1f && inner[1] === 0x8b;
  const stored = JSON.parse((isGzip ? gunzipSync(inner) : inner).toString('utf8')) as StoredRelease;
  return {
    name: stored.name ?? secret.metadata?.labels?.name ?? '?',
    namespace: stored.namespace ?? secret.metadata?.namespace ?? '?',
    revision: stored.version ?? Number(secret.metadata?.labels?.version ?? 0),
    status: stored.info?.status ?? secret.metadata?.labels?.status ?? '?',
    chart: stored.chart?.metadata?.name ?? '?',
    chartVersion: stored.chart?.metadata?.version ?? '?',
    appVersion: stored.chart?.metadata?.appVersion,
    lastDeployed: stored.info?.last_deployed,
  };
}

/** The latest revision of every release in `namespace`. */
export async function listReleases(kube: KubeClient, namespace: string): Promise<HelmRelease[]> {
  const secrets = await kube.get<KubeList<Secret>>(`/api/v1/namespaces/${namespace}/secrets`, { query: { labelSelector: 'owner=helm' } });
  const latest = new Map<string, HelmRelease>();
  for (const secret of secrets.items) {
    const release = decodeHelmRelease(secret);
    if (release && (latest.get(release.name)?.revision ?? -1) < release.revision) latest.set(release.name, release);
  }
  return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Whether a release was left `pending-install`, `pending-upgrade` or `pending-rollback`: Helm writes
 * that status before it acts and the final one after, so a killed apply (Ctrl-C, a cancelled CI job,
 * a laptop that slept during the Workspace release's wait) leaves it, `atomic` or not. Every later
 * install or upgrade then fails with "another operation (install/upgrade/rollback) is in progress".
 */
export function isPending(release: HelmRelease): boolean {
  return release.status.startsWith('pending-');
}

/** How to get a pending release back into a state the next apply can build on (helm/helm#8987). */
export function pendingRecovery(release: HelmRelease): string[] {
  const { name, namespace, revision, status } = release;
  const secret = `sh.helm.release.v1.${name}.v${revision}`;
  const first =
    status === 'pending-install' || revision <= 1
      ? `helm uninstall ${name} --namespace ${namespace} (a first install: nothing to roll back to)`
      : `helm rollback ${name} ${revision - 1} --namespace ${namespace} (back to the last revision that finished)`;
  return [
    first,
    `or drop the unfinished revision only: kubectl delete secret ${secret} --namespace ${namespace}`,
    'then apply again: npm run deploy (or azd provision)',
  ];
}
