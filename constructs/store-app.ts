import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { KUBERNETES_NAMES } from '../config/names';
import { chartRepositoryProblem } from '../config/schema';
import { helmValues, literal } from './helm-values';
import type { Namespace } from './namespace';

/**
 * The AKS Store Demo chart and the app release its images come from, pinned together.
 *
 * The images (ai-service's included) are pinned by the release tag, not by digest: the 2.2.0
 * release publishes no digests. Its `release-container-images` workflow (tag 2.2.0, commit fca8fe7)
 * pushes each image with `docker/build-push-action` under the tags `latest` and `2.2.0` and records
 * no digest, and neither the repository at the tag nor any release text we could search lists one
 * (checked 2026-11-29). A digest we cannot cite is not pinned, so checkov's CKV_K8S_43 stays skipped
 * for this reason (`.checkov.yaml`). Pin `<tag>@sha256:<digest>` here when a release publishes them.
 */
export const STORE_CHART = {
  repository: 'https://azure-samples.github.io/aks-store-demo',
  chart: 'aks-store-demo-chart',
  version: '1.6.0',
  appVersion: '2.2.0',
} as const;

/** Properties of a {@link StoreApp}. */
export interface StoreAppProps {
  /** Namespace of the app. */
  readonly namespace: Namespace;
  /**
   * How the shop (store-front) is exposed.
   * @default 'LoadBalancer' (a public IP, as in the workshop)
   */
  readonly storeFrontServiceType?: 'LoadBalancer' | 'ClusterIP';
  /**
   * How the admin UI (store-admin) is exposed. It has no login, and its "Ask AI Assistant" spends
   * GPU or Azure OpenAI capacity, so it stays inside the cluster unless you choose otherwise.
   * @default 'ClusterIP' (reach it with `kubectl port-forward service/store-admin 8080:80 -n pets`)
   */
  readonly storeAdminServiceType?: 'LoadBalancer' | 'ClusterIP';
  /**
   * Repository to take the chart from instead of upstream (same chart name and version): an
   * `https://` Helm repository or an `oci://` registry path.
   * @default STORE_CHART.repository
   * @throws Error when it is not such a URL
   */
  readonly repository?: string;
}

/** Values of the store chart 1.6.0 that kaito-aks sets. */
export type StoreAppValues = Readonly<Record<string, unknown>>;

const IMAGE_VALUES = [
  'orderService',
  'makelineService',
  'productService',
  'storeAdmin',
  'storeFront',
  'virtualCustomer',
  'virtualWorker',
] as const;

/**
 * The AKS Store Demo (store-front, store-admin, order, product and makeline services, RabbitMQ,
 * DocumentDB and the virtual customer and worker), with every image pinned to one release. Its own
 * ai-service is off: {@link AiService} owns ai-service, so one toggle switches the backend.
 */
export class StoreApp extends Construct {
  /** The release. */
  public readonly release: Release;
  /** Values passed to the chart, for inspection. */
  public readonly values: StoreAppValues;
  /** Name of the store-admin Service, where "Ask AI Assistant" is. */
  public readonly storeAdminService = KUBERNETES_NAMES.storeAdmin.service;

  constructor(scope: Construct, id: string, props: StoreAppProps) {
    super(scope, id);
    const storeFrontServiceType = props.storeFrontServiceType ?? 'LoadBalancer';
    const storeAdminServiceType = props.storeAdminServiceType ?? 'ClusterIP';
    const repository = props.repository ?? STORE_CHART.repository;
    const problem = chartRepositoryProblem(repository);
    if (problem) throw new Error(`StoreApp repository ${problem}, got "${repository}"`);
    const image = { tag: STORE_CHART.appVersion };
    const values: Record<string, unknown> = {
      namespace: props.namespace.namespaceName,
      aiService: { create: false },
    };
    for (const service of IMAGE_VALUES) values[service] = { image };
    values.storeAdmin = { image, serviceType: storeAdminServiceType };
    values.storeFront = { image, serviceType: storeFrontServiceType };
    this.values = values;

    this.release = new Release(this, 'Resource', {
      name: 'aks-store-demo',
      namespace: props.namespace.namespaceName,
      repository: literal(repository), // a mirror's URL, as the user gave it
      chart: STORE_CHART.chart,
      version: STORE_CHART.version,
      values: [helmValues(values)],
      wait: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: 600,
      dependsOn: [props.namespace.resource],
    });
  }
}
