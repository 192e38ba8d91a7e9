/**
 * Helm values as the text a `helm_release` passes to Helm: indented JSON (JSON is YAML), with every
 * Terraform reference inside kept as `${jsonencode(<reference>)}`, so Terraform fills in the value,
 * quoted and escaped, at apply.
 *
 * Why not `Fn.yamlencode(values)`: cdktf renders that as one nested HCL expression and its resolver
 * walks every level of it on each of its two passes, which cost 15 ms per synth for the ai-service
 * manifests alone (a Deployment is ten levels deep). This text resolves like any string with a few
 * tokens in it. It also reads better in a plan: one line of JSON per line of the diff.
 */
import { Fn, Token } from 'cdktf';

/** Terraform reads `${` and `%{` in a string as a template; `$${` and `%%{` are the literal text. */
const TEMPLATE_SEQUENCE = /([$%])\{/g;

/**
 * `text` as the literal Terraform string it is: `${` and `%{` escaped, so a user's value (a path, a
 * context name, a URL) written into cdk.tf.json is never evaluated as a template.
 */
export function literal(text: string): string {
  return text.replace(TEMPLATE_SEQUENCE, '$1$1{');
}

/** Marks where a reference goes; JSON.stringify writes U+0000 as `\u0000`, so text cannot hold it. */
const REFERENCE = /"\\u0000(\d+)"/g;

/**
 * Returns `values` as indented JSON for a `helm_release`'s `values`. Strings, numbers and lists that
 * hold Terraform tokens, and token objects, become `${jsonencode(...)}` of themselves; any literal
 * `${` or `%{` is escaped so Terraform does not read it as a template.
 */
export function helmValues(values: object): string {
  const references: string[] = [];
  const text = JSON.stringify(
    values,
    // `this[key]` is the value before toJSON: a token object's toJSON hides it
    function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      if (!Token.isUnresolved(raw)) return value;
      references.push(Token.asString(Fn.jsonencode(raw)));
      return `\u0000${references.length - 1}`;
    },
    2,
  );
  return literal(text).replace(REFERENCE, (_, index: string) => references[Number(index)]);
}
