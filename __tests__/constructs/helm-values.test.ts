import { Fn, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { helmValues } from '../../constructs/helm-values';
import { renderedValues, resolve } from '../stacks/helpers';

/** A stack with a string and a number variable to reference. */
function setup() {
  const stack = new TerraformStack(Testing.app(), 'test');
  const name = new TerraformVariable(stack, 'name', { type: 'string' });
  const count = new TerraformVariable(stack, 'count', { type: 'number' });
  return { stack, name, count };
}

describe('helmValues', () => {
  test('plain values are indented JSON, one value per line, as Helm reads them', () => {
    const values = { image: { tag: '2.2.0' }, replicas: 1, enabled: true, list: ['a', 'b'], none: null };
    const { stack } = setup();
    const text = resolve(stack, helmValues(values));
    expect(text).toBe(JSON.stringify(values, null, 2));
  });

  test('a reference becomes jsonencode of itself, so Terraform writes it quoted and escaped', () => {
    const { stack, name, count } = setup();
    const text = resolve(stack, helmValues({ name: name.stringValue, count: count.numberValue, url: `http://${name.stringValue}.svc` }));
    expect(text).toContain('"name": ${jsonencode(var.name)}');
    expect(text).toContain('"count": ${jsonencode(var.count)}');
    // text around a reference stays inside the one JSON string Terraform builds
    expect(text).toContain('"url": ${jsonencode("http://${var.name}.svc")}');
  });

  test('a token object (a function call) is kept whole', () => {
    const { stack, name } = setup();
    const text = resolve(stack, helmValues({ hash: Fn.sha256(name.stringValue), lower: Token.asAny(Fn.lower(name.stringValue)) }));
    expect(text).toContain('"hash": ${jsonencode(sha256(var.name))}');
    expect(text).toContain('"lower": ${jsonencode(lower(var.name))}');
  });

  test('literal ${ and %{ are escaped, so Terraform does not read them as templates', () => {
    const { stack } = setup();
    const text = resolve(
      stack,
      helmValues({ shell: 'echo ${HOME}', template: '%{ if x }y%{ endif }', dollar: 'costs $5 {not a template}' }),
    );
    expect(text).toContain('"shell": "echo $${HOME}"');
    expect(text).toContain('"template": "%%{ if x }y%%{ endif }"');
    expect(text).toContain('"dollar": "costs $5 {not a template}"');
  });

  test('what Terraform renders parses back to the values, references as ${...} strings', () => {
    const { stack, name, count } = setup();
    const values = { a: { b: [name.stringValue, 'x ${y}'], c: count.numberValue }, d: 'plain' };
    const release = { values: [resolve(stack, helmValues(values))] };
    expect(renderedValues(release)).toEqual({ a: { b: ['${var.name}', 'x ${y}'], c: '${var.count}' }, d: 'plain' });
  });
});
