import { Construct } from 'constructs';
import { ITerraformDependable, TerraformResource } from 'cdktf';

/** Properties of a {@link NodeClaimsGate}. */
export interface NodeClaimsGateProps {
  /** Name of the Workspace whose NodeClaims are waited for. */
  readonly workspace: string;
  /** Namespace of the Workspace. */
  readonly namespace: string;
  /**
   * Path of the kaito-aks CLI (`cli/kaito-aks.js`) from the folder Terraform runs in (the stack's
   * folder under the synth output), e.g. `../../../cli/kaito-aks.js` for `cdktf.out`.
   */
  readonly cliPath: string;
  /**
   * Variables the CLI gets on top of the destroying shell's, so it reads the cluster the providers
   * reach (kubeconfig mode: `AKS_KUBECONFIG` and `AKS_KUBECONFIG_CONTEXT`, as Terraform strings).
   * @default - none: the CLI reads the cluster as `npm run wait` does
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** What must still run while the NodeClaims go: the gate is destroyed before them. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * A destroy-time wait between a Workspace and the operators that serve it. Kaito removes a
 * Workspace's finalizer as soon as it has asked for its NodeClaims to be deleted, without waiting
 * for them to go (kaito-project/kaito v0.10.0 and v0.12.0, seen with its own controller); it is
 * gpu-provisioner that then deletes each NodeClaim's AKS agent pool. Destroyed before gpu-provisioner
 * and the Kaito controller, this `terraform_data` runs `kaito-aks nodeclaims-gone` (bounded, with
 * progress, and on timeout the `az aks nodepool delete` to run) so they are removed only once no
 * NodeClaim of the Workspace is left: no GPU node pool outlives the stack. Nothing runs on create.
 */
export class NodeClaimsGate extends Construct {
  /** The `terraform_data` resource: a Workspace depends on it. */
  public readonly resource: TerraformResource;

  constructor(scope: Construct, id: string, props: NodeClaimsGateProps) {
    super(scope, id);
    if (/["\\$`\n]/.test(props.cliPath)) {
      throw new Error(
        `NodeClaimsGate cliPath must not hold quotes, backslashes, "$", backquotes or line breaks, got ${JSON.stringify(props.cliPath)}`,
      );
    }
    // Not cdktf's DataResource: it validates at synth that a Terraform >= 1.4 binary is on PATH (it
    // runs `terraform version`), and synth must run without Terraform. The resource is the same.
    this.resource = new TerraformResource(this, 'Resource', {
      terraformResourceType: 'terraform_data',
      dependsOn: [...props.dependsOn],
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          ...(props.environment && Object.keys(props.environment).length > 0 ? { environment: { ...props.environment } } : {}),
          command: `node "${props.cliPath}" nodeclaims-gone --workspace "\${self.input.workspace}" --namespace "\${self.input.namespace}"`,
        },
      ],
    });
    // destroy-time provisioners may read only `self`: what to wait for is kept in the state
    this.resource.addOverride('input', { workspace: props.workspace, namespace: props.namespace });
  }
}
