import { Construct } from 'constructs';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import type { PodSecurityLevel } from '../catalog';
import { DNS_1123_LABEL } from '../config/names';

export type { PodSecurityLevel };

/** Pod Security levels, most permissive first: a level admits every pod the levels after it admit. */
const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** Whether a namespace enforcing `enforced` admits a pod whose lowest admitting level is `needed`. */
export function admits(enforced: PodSecurityLevel, needed: PodSecurityLevel): boolean {
  return LEVELS.indexOf(enforced) <= LEVELS.indexOf(needed);
}

/** Properties of a {@link Namespace}. */
export interface NamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /**
   * Pod Security level enforced: pods that break it are rejected.
   * @default 'baseline' (the store app's third-party images do not all meet 'restricted')
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Pod Security level warned about on apply.
   * @default 'restricted'
   */
  readonly warn?: PodSecurityLevel;
}

/** A Kubernetes namespace with Pod Security admission labels. */
export class Namespace extends Construct {
  /** The namespace name (a plain string: objects in the namespace also depend on {@link resource}). */
  public readonly namespaceName: string;
  /** The Pod Security level enforced on its pods. */
  public readonly enforce: PodSecurityLevel;
  /** The namespace resource: objects in it depend on it, so it is deleted last. */
  public readonly resource: NamespaceV1;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    if (!DNS_1123_LABEL.test(props.name)) {
      throw new Error(`Namespace name must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got "${props.name}"`);
    }
    const enforce = props.enforce ?? 'baseline';
    const warn = props.warn ?? 'restricted';
    this.resource = new NamespaceV1(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          'pod-security.kubernetes.io/enforce': enforce,
          'pod-security.kubernetes.io/warn': warn,
          'app.kubernetes.io/managed-by': 'kaito-aks',
        },
      },
    });
    this.namespaceName = props.name;
    this.enforce = enforce;
  }
}
