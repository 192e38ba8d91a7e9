import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import type { ChartRef, ReleaseTrain } from '../catalog/release-trains';
import { KUBERNETES_NAMES } from '../config/names';
import { chartRepositoryProblem } from '../config/schema';
import { helmValues, literal } from './helm-values';
import type { IKaitoOperator } from './kaito-operator-interface';
import { KaitoWorkspace, KaitoWorkspaceOptions } from './kaito-workspace';
import { NodeClaimsGate } from './nodeclaims-gate';

/** Where the kaito-aks CLI is from the folder Terraform runs kaito-stack in, for the default output `cdktf.out/stacks/kaito-stack`. */
export const DEFAULT_CLI_PATH = '../../../cli/kaito-aks.js';

/** Properties of a {@link KaitoOperator}. */
export interface KaitoOperatorProps {
  /** The Kaito release train: chart versions and feature gates. */
  readonly release: ReleaseTrain;
  /** Name of the AKS cluster gpu-provisioner adds node pools to. */
  readonly clusterName: string;
  /** Resource group of the cluster (not the node resource group). */
  readonly clusterResourceGroupName: string;
  /** Region of the cluster. */
  readonly location: string;
  /** Subscription of the cluster. */
  readonly subscriptionId: string;
  /** Entra ID tenant of the provisioner identity. */
  readonly tenantId: string;
  /** Client ID of the provisioner identity (federated with the gpu-provisioner ServiceAccount). */
  readonly provisionerClientId: string;
  /**
   * Repositories to take the two charts from instead of the train's upstream ones (same chart names
   * and versions): an `https://` Helm repository or an `oci://` registry path.
   * @default - the release train's upstream repositories
   * @throws Error when a repository is not such a URL
   */
  readonly chartRepositories?: { readonly workspace?: string; readonly gpuProvisioner?: string };
  /**
   * Path of the kaito-aks CLI from the folder Terraform runs the stack in: each Workspace's
   * {@link NodeClaimsGate} runs it on destroy.
   * @default DEFAULT_CLI_PATH (`../../../cli/kaito-aks.js`, right for the output folder `cdktf.out`)
   */
  readonly cliPath?: string;
  /**
   * Variables for that CLI run, so it reads the cluster the providers reach (kubeconfig mode:
   * `AKS_KUBECONFIG`, `AKS_KUBECONFIG_CONTEXT`).
   * @default - none
   */
  readonly cliEnvironment?: Readonly<Record<string, string>>;
}

/** Values of the gpu-provisioner chart (0.4.x) that kaito-aks sets. */
export interface GpuProvisionerValues {
  readonly settings: { readonly azure: { readonly clusterName: string } };
  readonly workloadIdentity: { readonly clientId: string; readonly tenantId: string };
  readonly controller: { readonly env: readonly { readonly name: string; readonly value: string }[] };
}

/** Values of the Kaito workspace chart that kaito-aks sets. */
export interface WorkspaceChartValues {
  readonly clusterName: string;
  readonly featureGates: Readonly<Record<string, boolean>>;
}

/**
 * Kaito, installed with Helm: the `gpu-provisioner` release (namespace `gpu-provisioner`), which
 * turns Kaito's NodeClaims into AKS GPU node pools, and the `workspace` release (namespace
 * `kaito-workspace`), the Kaito controller and its CRDs.
 */
export class KaitoOperator extends Construct implements IKaitoOperator {
  /** The gpu-provisioner release. */
  public readonly gpuProvisioner: Release;
  /** The Kaito controller release. */
  public readonly controller: Release;
  /** Values passed to gpu-provisioner, for inspection. */
  public readonly gpuProvisionerValues: GpuProvisionerValues;
  /** Values passed to the workspace chart, for inspection. */
  public readonly workspaceValues: WorkspaceChartValues;
  /** The release train installed. */
  public readonly release: ReleaseTrain;
  /** Both releases: a Workspace is installed after them and removed before them. */
  public readonly dependables: readonly ITerraformDependable[];
  private readonly cliPath: string;
  private readonly cliEnvironment?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: KaitoOperatorProps) {
    super(scope, id);
    this.release = props.release;
    this.cliPath = props.cliPath ?? DEFAULT_CLI_PATH;
    this.cliEnvironment = props.cliEnvironment;
    this.gpuProvisionerValues = {
      settings: { azure: { clusterName: props.clusterName } },
      workloadIdentity: { clientId: props.provisionerClientId, tenantId: props.tenantId },
      controller: {
        // the full list chart 0.4.x reads; ARM_RESOURCE_GROUP is the cluster's group, not the node group
        env: [
          { name: 'ARM_SUBSCRIPTION_ID', value: props.subscriptionId },
          { name: 'LOCATION', value: props.location },
          { name: 'AZURE_CLUSTER_NAME', value: props.clusterName },
          { name: 'ARM_RESOURCE_GROUP', value: props.clusterResourceGroupName },
          { name: 'LEADER_ELECT', value: 'false' },
          { name: 'E2E_TEST_MODE', value: 'false' },
        ],
      },
    };
    this.workspaceValues = { clusterName: props.clusterName, featureGates: props.release.featureGates };

    // The release name is the ServiceAccount name the federated credential trusts.
    this.gpuProvisioner = helmRelease(this, 'GpuProvisioner', {
      name: KUBERNETES_NAMES.gpuProvisioner.serviceAccount,
      namespace: KUBERNETES_NAMES.gpuProvisioner.namespace,
      chart: mirrored(props.release.gpuProvisionerChart, 'gpuProvisioner', props.chartRepositories?.gpuProvisioner),
      values: this.gpuProvisionerValues,
    });
    this.controller = helmRelease(this, 'Controller', {
      name: 'workspace',
      namespace: KUBERNETES_NAMES.kaitoNamespace,
      chart: mirrored(props.release.workspaceChart, 'workspace', props.chartRepositories?.workspace),
      values: this.workspaceValues,
    });
    this.dependables = [this.gpuProvisioner, this.controller];
  }

  /**
   * Adds a Workspace served by this operator. It is installed after both releases and, on destroy,
   * removed before them, and they only once its NodeClaims are gone (a {@link NodeClaimsGate}
   * between them): gpu-provisioner deletes the GPU node pool of each NodeClaim.
   */
  public addWorkspace(id: string, options: KaitoWorkspaceOptions): KaitoWorkspace {
    const gate = new NodeClaimsGate(this, `${id}NodeClaimsGate`, {
      workspace: options.name,
      namespace: options.namespace.namespaceName,
      cliPath: this.cliPath,
      environment: this.cliEnvironment,
      dependsOn: this.dependables,
    });
    return new KaitoWorkspace(this, id, {
      ...options,
      operator: { release: this.release, dependables: [...this.dependables, gate.resource] },
    });
  }
}

/** `chart` from `repository` when one is given. */
function mirrored(chart: ChartRef, key: string, repository: string | undefined): ChartRef {
  if (repository === undefined) return chart;
  const problem = chartRepositoryProblem(repository);
  if (problem) throw new Error(`KaitoOperator chartRepositories.${key} ${problem}, got "${repository}"`);
  return { ...chart, repository };
}

function helmRelease(scope: Construct, id: string, props: { name: string; namespace: string; chart: ChartRef; values: object }): Release {
  return new Release(scope, id, {
    name: props.name,
    namespace: props.namespace,
    createNamespace: true,
    repository: literal(props.chart.repository), // a mirror's URL, as the user gave it
    chart: props.chart.chart,
    version: props.chart.version,
    values: [helmValues(props.values)],
    wait: true,
    atomic: true,
    cleanupOnFail: true,
    timeout: 600,
  });
}
