/**
 * Namespace: the Pod Security labels it sets by default and on request, and the names it refuses.
 */
import { Testing, TerraformStack } from 'cdktf';
import { admits, Namespace } from '../../constructs/namespace';

const stack = () => new TerraformStack(Testing.app(), 'ns'); // Testing.app writes to a temp folder

test("by default: enforce 'baseline', warn 'restricted', managed by kaito-aks", () => {
  const namespace = new Namespace(stack(), 'N', { name: 'pets' });
  expect(namespace.namespaceName).toBe('pets');
  expect(namespace.enforce).toBe('baseline');
  expect(namespace.resource.metadata.nameInput).toBe('pets');
  expect(namespace.resource.metadata.labelsInput).toEqual({
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
    'app.kubernetes.io/managed-by': 'kaito-aks',
  });
});

test('the levels given replace the defaults', () => {
  const namespace = new Namespace(stack(), 'N', { name: 'kaito-workspace', enforce: 'restricted', warn: 'baseline' });
  expect(namespace.resource.metadata.labelsInput).toMatchObject({
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/warn': 'baseline',
  });
  expect(namespace.enforce).toBe('restricted');
});

test.each([
  ['privileged', 'privileged', true],
  ['privileged', 'restricted', true],
  ['baseline', 'baseline', true],
  ['baseline', 'restricted', true],
  ['baseline', 'privileged', false],
  ['restricted', 'baseline', false],
  ['restricted', 'restricted', true],
] as const)('a namespace enforcing %s admits a pod that needs %s: %s', (enforced, needed, admitted) => {
  expect(admits(enforced, needed)).toBe(admitted);
});

test.each(['Pets', 'pets_store', '-pets', 'a'.repeat(64), ''])('refuses %j, which is no DNS-1123 label', (name) => {
  expect(() => new Namespace(stack(), 'N', { name })).toThrow(
    `Namespace name must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got "${name}"`,
  );
});

test('accepts a label of exactly 63 characters', () => {
  expect(new Namespace(stack(), 'N', { name: 'a'.repeat(63) }).namespaceName).toHaveLength(63);
});
