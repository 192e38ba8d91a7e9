/**
 * The environment namespaces kaito-aks reserves: a variable in them that kaito-aks does not read is
 * a misspelling (`KAITO_MODLE`), reported with the closest name instead of being ignored.
 */
import { ENV_SCHEMA } from './schema';
import { askAbout, didYouMean } from './suggest';

/**
 * Prefixes of the variables kaito-aks owns, the chart mirrors' (`GPU_PROVISIONER_`, `STORE_CHART_`)
 * included. azd's own variables and other `AZURE_*` names are not checked.
 */
export const RESERVED_PREFIXES = ['KAITO_', 'DEPLOY_AZURE_', 'AZURE_OPENAI_', 'AKS_', 'RS_', 'GPU_PROVISIONER_', 'STORE_CHART_'] as const;

/** Names whose values are secrets by their look: an error names such a variable but never shows its value. */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i;

/** Prefix of the project's tool settings (bench, verify), read outside synth and never checked. */
export const TOOL_PREFIX = 'KAITO_AKS_';

/**
 * Stack outputs whose names fall in a reserved namespace but are not settings. azd writes every
 * output of the infra stack back into its environment, so they reach synth on the next run; the
 * cluster stack's outputs are listed too, for environments that export them. A test keeps this
 * list equal to the synthesized outputs.
 */
export const OUTPUT_VARIABLES = [
  'KAITO_IDENTITY_CLIENT_ID',
  'AZURE_OPENAI_ENDPOINT',
  'KAITO_WORKSPACE_NAME',
  'KAITO_WORKSPACE_ENDPOINT',
  'KAITO_MODEL_NAME',
] as const;

/** One variable in a reserved namespace that kaito-aks does not read. */
export interface UnknownVariable {
  /** The variable name. */
  readonly name: string;
  /** Its value, or `(hidden)` when the name looks like a secret's (`AZURE_OPENAI_API_KEY`). */
  readonly value: string;
  /** Why it is an error, the closest known name, and how to remove it. */
  readonly message: string;
}

/**
 * Every set (non-empty) variable of `env` in a reserved namespace that is neither a setting
 * (`ENV_SCHEMA`), a stack output (`OUTPUT_VARIABLES`) nor a tool setting (`KAITO_AKS_*`).
 */
export function unknownVariables(env: Readonly<Record<string, string | undefined>>): UnknownVariable[] {
  const known = new Set<string>([...Object.keys(ENV_SCHEMA), ...OUTPUT_VARIABLES]);
  const settings = Object.keys(ENV_SCHEMA);
  // in name order (UTF-16 code units, as the default sort compares strings)
  return Object.keys(env)
    .sort()
    .map((name) => [name, env[name]] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1].trim() !== '')
    .filter(([name]) => RESERVED_PREFIXES.some((p) => name.startsWith(p)) && !name.startsWith(TOOL_PREFIX) && !known.has(name))
    .map(([name, value]) => ({
      name,
      value: SECRET_NAME.test(name) ? '(hidden)' : value,
      message: [
        `not a variable kaito-aks reads (${RESERVED_PREFIXES.map((p) => `${p}*`).join(', ')} are reserved for its settings)`,
        SECRET_NAME.test(name)
          ? 'kaito-aks uses no keys or tokens from the environment (ai-service signs in with workload identity)'
          : undefined,
        suggestion(name, settings),
        'unset it (azd: azd env set NAME "" or delete its line in .azure/<env>/.env); the README lists every variable',
      ]
        .filter(Boolean)
        .join('; '),
    }));
}

/** The settings that extend a cut-short name (`AKS_KUBELOGIN` -> `AKS_KUBELOGIN_MODE`), else the closest ones. */
function suggestion(name: string, settings: readonly string[]): string | undefined {
  const longer = settings.filter((s) => s.startsWith(`${name}_`));
  return longer.length > 0 ? askAbout(longer) : didYouMean(name, settings);
}
