/**
 * The engine harness's expression evaluator against what Terraform itself printed: each expected
 * string below is `terraform console`'s answer (Terraform v1.11.4, 2026-12-07) to the same input.
 */
import { evaluateTemplate, jsonencode, UnsupportedExpression } from '../../engines/hcl';

const noRefs = () => {
  throw new Error('no reference expected');
};

describe('jsonencode and sha256 as Terraform 1.11.4 computes them', () => {
  const map = '{"b" = "x<y>&z", "a" = "line\\nnext \\"q\\" é \\u2028", "c" = "$${not}"}';

  it('sorts keys, escapes <, >, & and U+2028, keeps other text as is', () => {
    expect(evaluateTemplate(`\${jsonencode(${map})}`, noRefs)).toBe(
      '{"a":"line\\nnext \\"q\\" é \\u2028","b":"x\\u003cy\\u003e\\u0026z","c":"${not}"}',
    );
  });

  it('hashes the encoding (the annotation kaito-aks puts on ai-service)', () => {
    expect(evaluateTemplate(`\${jsonencode(sha256(jsonencode(${map})))}`, noRefs)).toBe(
      '"c3fc3e09e4e1ecbe1a0d1e2a0b8a098f8caf30fe68f892287773fcda40a1a3ad"',
    );
  });

  it('encodes tuples, numbers, bools and null', () => {
    expect(jsonencode([1, true, null, { z: [], a: {} }])).toBe('[1,true,null,{"a":{},"z":[]}]');
  });
});

describe('templates', () => {
  it('turns the $${ and %%{ escapes into literal text', () => {
    expect(evaluateTemplate('a $${b} %%{c}', noRefs)).toBe('a ${b} %{c}');
  });

  it('splices interpolations into text, and gives a lone interpolation its own type', () => {
    const resolve = (parts: readonly (string | number)[]) => (parts.join('.') === 'helm_release.x.timeout' ? 600 : 'pets');
    expect(evaluateTemplate('ns=${helm_release.x.namespace}!', resolve)).toBe('ns=pets!');
    expect(evaluateTemplate('${helm_release.x.timeout}', resolve)).toBe(600);
  });

  it('hands references, with indexes, to the resolver', () => {
    const seen: (string | number)[][] = [];
    evaluateTemplate('${kubernetes_namespace_v1.ns.metadata[0].name}', (parts) => {
      seen.push([...parts]);
      return 'pets';
    });
    expect(seen).toEqual([['kubernetes_namespace_v1', 'ns', 'metadata', 0, 'name']]);
  });

  it.each([
    ['a function it does not map', '${base64encode("x")}', /function base64encode/],
    ['a directive', '%{ if true }x%{ endif }', /template directive/],
    ['an operator', '${1 + 2}', /expected "}"/],
    ['a bare variable', '${var.x}', /reference var\.x/],
    ['a template left open', '${jsonencode("x")', /expected "}"/],
  ])('refuses %s', (_what, template, message) => {
    expect(() => evaluateTemplate(template, noRefs)).toThrow(UnsupportedExpression);
    expect(() => evaluateTemplate(template, noRefs)).toThrow(message);
  });
});
