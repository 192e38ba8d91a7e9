import { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import { buildStacks } from '../../app';
import { loadConfig } from '../../config';
import { KaitoOperator } from '../../constructs/kaito-operator';

/** Environments of the toggle combinations every stack is snapshotted for. */
export const COMBINATIONS: Record<string, Record<string, string>> = {
  'default (0.10.0, local LLM)': {},
  '0.10.0 with Azure OpenAI': { DEPLOY_AZURE_OPENAI: 'true' },
  '0.12.0, local LLM': { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' },
  '0.12.0 with Azure OpenAI': { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct', DEPLOY_AZURE_OPENAI: 'true' },
};

/** Builds both stacks for `env`, returning the stacks and their synthesized JSON. */
export function synthesize(env: Record<string, string> = {}) {
  const stacks = buildStacks(Testing.app(), loadConfig(env));
  return {
    ...stacks,
    infraJson: Testing.synth(stacks.infra),
    kaitoJson: Testing.synth(stacks.kaito),
  };
}

/** Parses a synthesized stack. */
export function parsed(json: string): {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown; sensitive?: boolean }>;
  variable: Record<string, { default?: unknown }>;
  terraform: Record<string, unknown>;
} {
  return JSON.parse(json);
}

/** The resources of one type, by logical ID. */
export function resources(json: string, type: string): Record<string, Record<string, unknown>> {
  return parsed(json).resource[type] ?? {};
}

/**
 * The reference string Terraform uses for an attribute of the resource at construct path `path`
 * (e.g. `KaitoProvisioner/Identity/Resource`): cdktf names it after the path, without `Resource`,
 * plus a hash.
 */
export function ref(json: string, type: string, path: string, attribute: string): string {
  const prefix = path.replace(/\/Resource$/, '').replace(/\//g, '_');
  const ids = Object.keys(resources(json, type)).filter((id) => id === prefix || new RegExp(`^${prefix}_[0-9A-F]{8}$`).test(id));
  if (ids.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${attribute}}`;
}

/** Resolves the Terraform tokens in `value` to the `${...}` strings they synthesize to. */
export function resolve<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) }) as T;
}

/** The Helm-installed Kaito of a cluster stack (fails when the stack uses the AKS add-on). */
export function helmOperator(stack: { operator: unknown }): KaitoOperator {
  if (!(stack.operator instanceof KaitoOperator)) throw new Error('expected Kaito installed with Helm');
  return stack.operator;
}

/**
 * The values a `helm_release` passes to Helm, as Terraform renders its `values` text (see
 * constructs/helm-values.ts), with each reference `${jsonencode(<expr>)}` taken as the string
 * `${<expr>}`, the form `resolve` gives. Throws when the text is not valid JSON once rendered.
 */
export function renderedValues(release: Record<string, unknown>): unknown {
  const [text] = release.values as string[];
  const rendered = text
    .replace(/(?<!\$)\$\{jsonencode\((.*?)\)\}(?=\s*[,\n}\]])/g, (_, expr: string) => JSON.stringify(`\${${expr}}`))
    .replace(/\$\$\{|%%\{/g, (escaped) => escaped.slice(1));
  return JSON.parse(rendered);
}
