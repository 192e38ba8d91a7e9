/**
 * How `kaito-stack` reaches its cluster and where its charts come from: the AKS path (Azure data
 * sources and kubelogin, the default) or a kubeconfig file plus the values the infra stack produced,
 * with no Azure API call; and a mirror for each remote chart's repository. Pure; no cdktf.
 */
import { kubeconfigPath, kubeconfigProblem } from './kubeconfig-file';
import { AKS_CLUSTER_NAME, AKS_CLUSTER_RULE, AzureNames, RESOURCE_GROUP_NAME, RESOURCE_GROUP_RULE } from './names';
import type { EnvValues } from './schema';

export { chartRepositoryProblem, CHART_REPOSITORY_RULE } from './schema';

/** Chart repositories that replace the upstream ones; undefined means upstream. */
export interface ChartRepositories {
  /** Replaces Kaito's `workspace` chart repository. */
  readonly kaitoWorkspace?: string;
  /** Replaces the `gpu-provisioner` chart repository. */
  readonly gpuProvisioner?: string;
  /** Replaces the AKS Store Demo chart repository. */
  readonly store?: string;
}

/**
 * What `kaito-stack` needs from the infra stack when it may not look anything up in Azure: the
 * infra stack's outputs of the same names, which azd keeps in the azd environment.
 */
export interface InfraValues {
  /** `AZURE_AKS_CLUSTER_NAME`. */
  readonly clusterName: string;
  /** `AZURE_RESOURCEGROUP_NAME`: the cluster's resource group (not the node resource group). */
  readonly resourceGroupName: string;
  /** `AZURE_LOCATION`. */
  readonly location: string;
  /** gpu-provisioner's Azure sign-in, with Kaito installed by Helm (the add-on brings its own). */
  readonly provisioner?: {
    /** `AZURE_SUBSCRIPTION_ID`. */
    readonly subscriptionId: string;
    /** `AZURE_TENANT_ID`. */
    readonly tenantId: string;
    /** `KAITO_IDENTITY_CLIENT_ID`. */
    readonly clientId: string;
  };
  /** ai-service's Azure OpenAI, with `DEPLOY_AZURE_OPENAI=true`. */
  readonly openAi?: {
    /** `AZURE_OPENAI_ENDPOINT`. */
    readonly endpoint: string;
    /** `AZURE_IDENTITY_CLIENT_ID`. */
    readonly clientId: string;
  };
}

/** How `kaito-stack` reaches the cluster. */
export type ClusterAccess =
  | {
      /** Azure data sources by name, and a kubelogin token: `az login` needed, no kubeconfig. */
      readonly kind: 'aks';
    }
  | {
      /** A kubeconfig file and the infra values: no Azure API call. */
      readonly kind: 'kubeconfig';
      /** Absolute path of the kubeconfig file. */
      readonly path: string;
      /** Context in it; undefined for its current context. */
      readonly context?: string;
      /** The infra stack's outputs. */
      readonly infra: InfraValues;
    };

/** Records one problem with one variable. */
export type AddIssue = (variable: keyof EnvValues, message: string) => void;

/**
 * The cluster access `v` asks for: kubeconfig mode when `AKS_KUBECONFIG` is set (`~/` is the home
 * directory, a relative path is taken from `cwd`; see {@link kubeconfigPath}), and then the file must
 * be a usable kubeconfig with the context asked for ({@link kubeconfigProblem}) and every infra value
 * the configuration needs must be given.
 */
export function clusterAccessOf(
  v: EnvValues,
  names: AzureNames,
  options: {
    readonly helmInstall: boolean;
    readonly openAiEnabled: boolean;
    readonly cwd: string;
    /** Variables already reported as bad: not reported again as missing. */
    readonly failed: ReadonlySet<string>;
  },
  add: AddIssue,
): ClusterAccess | undefined {
  if (v.AKS_KUBECONFIG === undefined) {
    if (v.AKS_KUBECONFIG_CONTEXT === undefined) return { kind: 'aks' };
    add(
      'AKS_KUBECONFIG_CONTEXT',
      'names a context of the kubeconfig file AKS_KUBECONFIG, which is not set; set AKS_KUBECONFIG too, or unset this',
    );
    return undefined;
  }
  const missing = (name: keyof EnvValues, why: string) => {
    if (options.failed.has(name)) return; // its bad value is reported already
    add(
      name,
      `kubeconfig mode (AKS_KUBECONFIG is set) makes no Azure call, so ${why} must be given: the infra output ${name} (azd env get-value ${name}, or terraform output -raw ${name} in the infra stack)`,
    );
  };
  // the infra values are names Azure checks: refused here rather than by gpu-provisioner at run time
  let badName = false;
  if (v.AZURE_AKS_CLUSTER_NAME !== undefined && !AKS_CLUSTER_NAME.test(v.AZURE_AKS_CLUSTER_NAME)) {
    add('AZURE_AKS_CLUSTER_NAME', `${AKS_CLUSTER_RULE}; give the name of the cluster the kubeconfig reaches (az aks list --query [].name)`);
    badName = true;
  }
  if (v.AZURE_RESOURCEGROUP_NAME !== undefined && !RESOURCE_GROUP_NAME.test(v.AZURE_RESOURCEGROUP_NAME)) {
    add('AZURE_RESOURCEGROUP_NAME', `${RESOURCE_GROUP_RULE}; give the cluster's resource group (az aks list --query [].resourceGroup)`);
    badName = true;
  }
  const path = kubeconfigPath(v.AKS_KUBECONFIG, options.cwd);
  const problem = kubeconfigProblem(path, v.AKS_KUBECONFIG_CONTEXT);
  if (problem) add(problem.variable, problem.message);
  /** The values of `names` when each is set; else reports each unset one and gives undefined. */
  const allSet = <K extends keyof EnvValues>(names: readonly K[], why: string) => {
    const unset = names.filter((name) => v[name] === undefined);
    for (const name of unset) missing(name, why);
    return unset.length === 0 ? (v as { readonly [P in K]: NonNullable<EnvValues[P]> }) : undefined;
  };
  let provisioner: InfraValues['provisioner'];
  if (options.helmInstall) {
    const set = allSet(
      ['AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'KAITO_IDENTITY_CLIENT_ID'],
      "gpu-provisioner's Azure sign-in (KAITO_INSTALL=helm)",
    );
    if (set) {
      provisioner = { subscriptionId: set.AZURE_SUBSCRIPTION_ID, tenantId: set.AZURE_TENANT_ID, clientId: set.KAITO_IDENTITY_CLIENT_ID };
    }
  }
  let openAi: InfraValues['openAi'];
  if (options.openAiEnabled) {
    const set = allSet(['AZURE_OPENAI_ENDPOINT', 'AZURE_IDENTITY_CLIENT_ID'], "ai-service's Azure OpenAI (DEPLOY_AZURE_OPENAI=true)");
    if (set) openAi = { endpoint: set.AZURE_OPENAI_ENDPOINT, clientId: set.AZURE_IDENTITY_CLIENT_ID };
  }
  if (problem || badName || (options.helmInstall && !provisioner) || (options.openAiEnabled && !openAi)) return undefined;
  return {
    kind: 'kubeconfig',
    path,
    context: v.AKS_KUBECONFIG_CONTEXT,
    infra: {
      clusterName: v.AZURE_AKS_CLUSTER_NAME ?? names.cluster,
      resourceGroupName: v.AZURE_RESOURCEGROUP_NAME ?? names.resourceGroup,
      location: v.AZURE_LOCATION,
      provisioner,
      openAi,
    },
  };
}

/** The chart repositories `v` sets (each already checked by {@link chartRepositoryProblem}). */
export function chartRepositoriesOf(v: EnvValues): ChartRepositories {
  const trim = (url: string | undefined) => url?.replace(/\/+$/, '');
  return {
    kaitoWorkspace: trim(v.KAITO_CHART_REPOSITORY),
    gpuProvisioner: trim(v.GPU_PROVISIONER_CHART_REPOSITORY),
    store: trim(v.STORE_CHART_REPOSITORY),
  };
}
