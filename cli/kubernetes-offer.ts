/**
 * Does the region offer the cluster's Kubernetes version for a new cluster? A pure verdict over
 * Azure Resource Manager's answer to `GET .../providers/Microsoft.ContainerService/locations/{location}/kubernetesVersions`
 * (what `az aks get-versions --location <region>` prints), in its wire form.
 */

/** The ARM API version of the call: a stable Microsoft.ContainerService version that has it. */
export const KUBERNETES_VERSIONS_API_VERSION = '2025-10-01';

/** One minor version of the answer's `values`. */
export interface KubernetesVersionRecord {
  readonly version?: string;
  readonly isDefault?: boolean;
  readonly isPreview?: boolean;
  readonly capabilities?: { readonly supportPlan?: readonly string[] };
  readonly patchVersions?: Readonly<Record<string, unknown>>;
}

/** The verdict on one minor in one region. */
export interface KubernetesOffer {
  /** True when a new cluster can be created on it with the standard support plan (no LTS, no Premium tier). */
  readonly offered: boolean;
  /** One line for the screen: what the region offers, and why not when not. */
  readonly line: string;
  /** A notice that does not fail the check (a preview version). */
  readonly notice?: string;
}

/** Judges `version` (a minor, `1.36`) against the region's list. */
export function checkKubernetesOffer(records: readonly KubernetesVersionRecord[], version: string, location: string): KubernetesOffer {
  const official = records.filter((r) => (r.capabilities?.supportPlan ?? ['KubernetesOfficial']).includes('KubernetesOfficial'));
  const choices = official
    .filter((r) => !r.isPreview)
    .map((r) => `${r.version}${r.isDefault ? ' (its default)' : ''}`)
    .join(', ');
  const record = records.find((r) => r.version === version);
  if (!record) {
    return { offered: false, line: `${location} does not offer Kubernetes ${version} for a new cluster; it offers ${choices || 'none'}` };
  }
  if (!official.includes(record)) {
    return {
      offered: false,
      line: `${location} offers Kubernetes ${version} only with Long Term Support (Premium tier, AKSLongTermSupport plan), which kaito-aks does not set; it offers ${choices || 'none'} with the standard plan`,
    };
  }
  const patches = Object.keys(record.patchVersions ?? {});
  const newest = patches.sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]))[0];
  return {
    offered: true,
    line: `Kubernetes ${version} is offered in ${location}${newest ? ` (newest patch ${newest})` : ''}${record.isDefault ? ", AKS's default there" : ''}`,
    notice: record.isPreview
      ? `Kubernetes ${version} is a preview version in ${location}: not covered by AKS's support until it is GA`
      : undefined,
  };
}
