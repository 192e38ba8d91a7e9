/** The ai-service backend as its ConfigMap sets it (the ai-service 2.x environment contract). */
export type DeployedBackend =
  | { readonly kind: 'local-llm'; readonly endpoint: string; readonly model?: string }
  | { readonly kind: 'azure-openai'; readonly endpoint: string; readonly deployment?: string }
  | { readonly kind: 'unknown' };

/** Reads the backend from ai-service's environment (`USE_LOCAL_LLM` / `USE_AZURE_OPENAI`, values `True`). */
export function deployedBackend(env: Readonly<Record<string, string>> | undefined): DeployedBackend {
  const on = (name: string) => (env?.[name] ?? '').toLowerCase() === 'true';
  if (on('USE_LOCAL_LLM')) return { kind: 'local-llm', endpoint: env?.LOCAL_LLM_ENDPOINT ?? '(unset)', model: env?.LOCAL_LLM_MODEL };
  if (on('USE_AZURE_OPENAI')) {
    return { kind: 'azure-openai', endpoint: env?.AZURE_OPENAI_ENDPOINT ?? '(unset)', deployment: env?.AZURE_OPENAI_DEPLOYMENT_NAME };
  }
  return { kind: 'unknown' };
}

/** `local LLM http://.../v1 (model falcon-7b-instruct)` or `Azure OpenAI https://... (deployment gpt-4.1-mini)`. */
export function describeBackend(backend: DeployedBackend): string {
  if (backend.kind === 'local-llm') return `local LLM ${backend.endpoint}${backend.model ? ` (model ${backend.model})` : ''}`;
  if (backend.kind === 'azure-openai')
    return `Azure OpenAI ${backend.endpoint}${backend.deployment ? ` (deployment ${backend.deployment})` : ''}`;
  return 'unknown (neither USE_LOCAL_LLM nor USE_AZURE_OPENAI is True)';
}
