/**
 * The NodeClaims gate between a Workspace and its operators: on destroy, and only then, it runs
 * `kaito-aks nodeclaims-gone` for the Workspace it was given, from the stack's folder.
 */
import { TerraformStack, Testing } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NodeClaimsGate } from '../../constructs/nodeclaims-gate';

function gate(cliPath: string) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const operator = new Release(stack, 'Operator', { name: 'gpu-provisioner', chart: 'gpu-provisioner' });
  new NodeClaimsGate(stack, 'Gate', { workspace: 'workspace-x', namespace: 'pets', cliPath, dependsOn: [operator] });
  return JSON.parse(Testing.synth(stack)).resource.terraform_data as Record<string, Record<string, unknown>>;
}

test('a destroy-time local-exec with the Workspace in its input, after the operators', () => {
  const [resource] = Object.values(gate('../../../cli/kaito-aks.js'));
  expect(resource).toEqual({
    depends_on: ['helm_release.Operator'],
    input: { namespace: 'pets', workspace: 'workspace-x' },
    provisioner: [
      {
        'local-exec': {
          command:
            'node "../../../cli/kaito-aks.js" nodeclaims-gone --workspace "${self.input.workspace}" --namespace "${self.input.namespace}"',
          when: 'destroy',
        },
      },
    ],
  });
});

test.each(['a"b', 'a\\b', 'a$b', 'a`b', 'a\nb'])('refuses a CLI path a shell would read otherwise: %j', (cliPath) => {
  expect(() => gate(cliPath)).toThrow(/NodeClaimsGate cliPath must not hold/);
});
