/**
 * Kaito inference presets per release train, with what the GPU fit rule needs.
 *
 * Sources (upstream kaito-project/kaito, copies in `__tests__/fixtures/reference/kaito/`):
 * - name, Hugging Face id, weights size (GiB), token limit, tensor-parallel flag, auth flag:
 *   `presets-full.csv` (v0.10.0 `presets/workspace/models/*` and v0.12.0 `model_catalog.yaml`);
 * - KV-cache bytes per token = 2 (K and V) x layers x KV heads x head size x 2 bytes (bf16), from the
 *   architecture fields of `model_catalog-0.12.0.yaml`; falcon, absent there, from the models'
 *   Hugging Face `config.json` (falcon-7b: 32 layers, 1 KV head of 64; falcon-40b: 60 x 8 x 64);
 * - `multiNode` (Kaito's `SupportDistributedInference`): true for v0.10.0 presets that download at
 *   runtime or come from the model catalog (deepseek, llama, gemma-3, gpt-oss, ministral, phi-4), and
 *   for every v0.12.0 preset (all are catalog models served by the generic vLLM plugin).
 *
 * Regenerate from the reference files rather than editing by hand; `catalog.test.ts` checks every
 * row's name, Hugging Face id, weights size, token limit, tensor-parallel and auth flags against
 * `presets-full.csv` (the derived KV-cache size and `multiNode` are checked for falcon and by the
 * fit tests).
 */
import type { ReleaseVersion } from './release-trains';

/** One inference preset as a given Kaito release serves it. */
export interface Preset {
  /** The Kaito release train that serves this preset. */
  readonly release: ReleaseVersion;
  /** The name to put in `inference.preset.name`. */
  readonly name: string;
  /** The Hugging Face model id behind the preset. */
  readonly huggingFaceId: string;
  /** Size of the model weights (safetensors), GiB. */
  readonly modelSizeGiB: number;
  /** The model's maximum context, tokens. */
  readonly tokenLimit: number;
  /** KV-cache bytes per token of context (bf16). */
  readonly kvCacheBytesPerToken: number;
  /** Whether vLLM may split the model across GPUs (tensor parallelism). */
  readonly splitAcrossGpus: boolean;
  /** Whether Kaito may spread the model across several nodes. */
  readonly multiNode: boolean;
  /** Whether the weights need a Hugging Face token (`presetOptions.modelAccessSecret`). */
  readonly downloadAuthRequired: boolean;
  /** Runtimes Kaito offers for it, e.g. `vllm|transformers`. */
  readonly runtimes: string;
}

type Flags = Pick<Preset, 'splitAcrossGpus' | 'multiNode' | 'downloadAuthRequired' | 'runtimes'>;

function p(
  release: ReleaseVersion,
  name: string,
  huggingFaceId: string,
  modelSizeGiB: number,
  tokenLimit: number,
  kvCacheBytesPerToken: number,
  flags: Flags,
): Preset {
  return { release, name, huggingFaceId, modelSizeGiB, tokenLimit, kvCacheBytesPerToken, ...flags };
}

/** Every preset of every release train, in upstream order. */
export const PRESETS: readonly Preset[] = [
  p('0.10.0', 'deepseek-r1-distill-llama-8b', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 14.96, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'deepseek-r1-distill-qwen-14b', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', 27.51, 131072, 196608, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'deepseek-r1-0528', 'deepseek-ai/DeepSeek-R1-0528', 641.3, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'deepseek-v3-0324', 'deepseek-ai/DeepSeek-V3-0324', 641.3, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'falcon-7b', 'tiiuae/falcon-7b', 13.44, 2048, 8192, {
    splitAcrossGpus: false,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'falcon-7b-instruct', 'tiiuae/falcon-7b-instruct', 13.44, 2048, 8192, {
    splitAcrossGpus: false,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'falcon-40b', 'tiiuae/falcon-40b', 77.9, 2048, 122880, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'falcon-40b-instruct', 'tiiuae/falcon-40b-instruct', 77.9, 2048, 122880, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'gemma-3-4b-instruct', 'google/gemma-3-4b-it', 8.6, 131072, 139264, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'gemma-3-27b-instruct', 'google/gemma-3-27b-it', 54.8, 131072, 507904, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'gpt-oss-20b', 'openai/gpt-oss-20b', 12.9, 131072, 49152, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'gpt-oss-120b', 'openai/gpt-oss-120b', 60.77, 131072, 73728, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'llama-3.1-8b-instruct', 'meta-llama/Llama-3.1-8B-Instruct', 14.96, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: true,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'llama-3.3-70b-instruct', 'meta-llama/Llama-3.3-70B-Instruct', 131.42, 131072, 327680, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: true,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'mistral-7b', 'mistralai/Mistral-7B-v0.3', 13.49, 32768, 131072, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'mistral-7b-instruct', 'mistralai/Mistral-7B-Instruct-v0.3', 13.49, 32768, 131072, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'ministral-3-3b-instruct', 'mistralai/Ministral-3-3B-Instruct-2512', 8.7, 262144, 106496, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'ministral-3-8b-instruct', 'mistralai/Ministral-3-8B-Instruct-2512', 19.41, 262144, 139264, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'ministral-3-14b-instruct', 'mistralai/Ministral-3-14B-Instruct-2512', 29.29, 262144, 163840, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'mistral-large-3-675b-instruct', 'mistralai/Mistral-Large-3-675B-Instruct-2512', 634.7, 262144, 5996544, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-3-mini-4k-instruct', 'microsoft/Phi-3-mini-4k-instruct', 7.12, 4096, 393216, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-3-mini-128k-instruct', 'microsoft/Phi-3-mini-128k-instruct', 7.12, 131072, 393216, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-3.5-mini-instruct', 'microsoft/Phi-3.5-mini-instruct', 7.12, 131072, 393216, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-3-medium-4k-instruct', 'microsoft/Phi-3-medium-4k-instruct', 26, 4096, 204800, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-3-medium-128k-instruct', 'microsoft/Phi-3-medium-128k-instruct', 26, 131072, 204800, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-4', 'microsoft/phi-4', 27.31, 16384, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'phi-4-mini-instruct', 'microsoft/Phi-4-mini-instruct', 7.15, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'qwen2.5-coder-7b-instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct', 14.19, 32768, 57344, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'qwen2.5-coder-32b-instruct', 'Qwen/Qwen2.5-Coder-32B-Instruct', 61.03, 32768, 262144, {
    splitAcrossGpus: true,
    multiNode: false,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'microsoft/phi-4', 'microsoft/phi-4', 27.31, 16384, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.10.0', 'microsoft/Phi-4-mini-instruct', 'microsoft/Phi-4-mini-instruct', 7.15, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-4', 'microsoft/phi-4', 27.31, 16384, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-4-mini-instruct', 'microsoft/Phi-4-mini-instruct', 7.15, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'llama-3.1-8b-instruct', 'meta-llama/Llama-3.1-8B-Instruct', 14.96, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'llama-3.3-70b-instruct', 'meta-llama/Llama-3.3-70B-Instruct', 131.42, 131072, 327680, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-r1-distill-llama-8b', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 14.96, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-r1-distill-qwen-14b', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', 27.51, 131072, 196608, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-r1-0528', 'deepseek-ai/DeepSeek-R1-0528', 641.3, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-v3-0324', 'deepseek-ai/DeepSeek-V3-0324', 641.3, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-3-mini-4k-instruct', 'microsoft/Phi-3-mini-4k-instruct', 7.12, 4096, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-3-mini-128k-instruct', 'microsoft/Phi-3-mini-128k-instruct', 7.12, 131072, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-3-medium-4k-instruct', 'microsoft/Phi-3-medium-4k-instruct', 26, 4096, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-3-medium-128k-instruct', 'microsoft/Phi-3-medium-128k-instruct', 26, 131072, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'phi-3.5-mini-instruct', 'microsoft/Phi-3.5-mini-instruct', 7.12, 131072, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'qwen2.5-coder-7b-instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct', 14.19, 32768, 57344, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'qwen2.5-coder-32b-instruct', 'Qwen/Qwen2.5-Coder-32B-Instruct', 61.03, 32768, 262144, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'gpt-oss-20b', 'openai/gpt-oss-20b', 25.63, 131072, 49152, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'gpt-oss-120b', 'openai/gpt-oss-120b', 121.54, 131072, 73728, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'gemma-3-4b-instruct', 'google/gemma-3-4b-it', 8.01, 131072, 139264, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'gemma-3-27b-instruct', 'google/gemma-3-27b-it', 51.1, 131072, 507904, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'mistral-7b', 'mistralai/Mistral-7B-v0.3', 13.5, 32768, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'mistral-7b-instruct', 'mistralai/Mistral-7B-Instruct-v0.3', 13.5, 32768, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'ministral-3-3b-instruct', 'mistralai/Ministral-3-3B-Instruct-2512', 4.35, 262144, 106496, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'ministral-3-8b-instruct', 'mistralai/Ministral-3-8B-Instruct-2512', 9.7, 262144, 139264, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'ministral-3-14b-instruct', 'mistralai/Ministral-3-14B-Instruct-2512', 14.65, 262144, 163840, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'mistral-large-3-675b-instruct', 'mistralai/Mistral-Large-3-675B-Instruct-2512', 634.7, 294912, 5996544, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'microsoft/phi-4', 'microsoft/phi-4', 27.31, 16384, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'microsoft/Phi-4-mini-instruct', 'microsoft/Phi-4-mini-instruct', 7.15, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 14.96, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', 27.51, 131072, 196608, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'microsoft/Phi-3-mini-4k-instruct', 'microsoft/Phi-3-mini-4k-instruct', 7.12, 4096, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'microsoft/Phi-3-mini-128k-instruct', 'microsoft/Phi-3-mini-128k-instruct', 7.12, 131072, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'microsoft/Phi-3-medium-4k-instruct', 'microsoft/Phi-3-medium-4k-instruct', 26, 4096, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'microsoft/Phi-3-medium-128k-instruct', 'microsoft/Phi-3-medium-128k-instruct', 26, 131072, 204800, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'microsoft/Phi-3.5-mini-instruct', 'microsoft/Phi-3.5-mini-instruct', 7.12, 131072, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'Qwen/Qwen2.5-Coder-7B-Instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct', 14.19, 32768, 57344, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'Qwen/Qwen2.5-Coder-32B-Instruct', 61.03, 32768, 262144, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'openai/gpt-oss-20b', 'openai/gpt-oss-20b', 25.63, 131072, 49152, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'openai/gpt-oss-120b', 'openai/gpt-oss-120b', 121.54, 131072, 73728, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct', 14.96, 131072, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'meta-llama/Llama-3.3-70B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct', 131.42, 131072, 327680, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'mistralai/Mistral-7B-v0.3', 'mistralai/Mistral-7B-v0.3', 13.5, 32768, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'mistralai/Mistral-7B-Instruct-v0.3', 'mistralai/Mistral-7B-Instruct-v0.3', 13.5, 32768, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'mistralai/Ministral-3-3B-Instruct-2512', 'mistralai/Ministral-3-3B-Instruct-2512', 4.35, 262144, 106496, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'mistralai/Ministral-3-8B-Instruct-2512', 'mistralai/Ministral-3-8B-Instruct-2512', 9.7, 262144, 139264, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'mistralai/Ministral-3-14B-Instruct-2512', 'mistralai/Ministral-3-14B-Instruct-2512', 14.65, 262144, 163840, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'google/gemma-3-4b-it', 'google/gemma-3-4b-it', 8.01, 131072, 139264, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'google/gemma-3-27b-it', 'google/gemma-3-27b-it', 51.1, 131072, 507904, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-R1-0528', 'deepseek-ai/DeepSeek-R1-0528', 641.3, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-V3-0324', 'deepseek-ai/DeepSeek-V3-0324', 641.3, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm|transformers',
  }),
  p('0.12.0', 'mistralai/Mistral-Large-3-675B-Instruct-2512', 'mistralai/Mistral-Large-3-675B-Instruct-2512', 634.7, 294912, 5996544, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16', 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16', 230.25, 262144, 90112, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/Nemotron-Cascade-2-30B-A3B', 'nvidia/Nemotron-Cascade-2-30B-A3B', 58.82, 262144, 53248, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16', 'nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16', 58.82, 262144, 53248, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16', 'nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16', 24.55, 131072, 253952, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/NVIDIA-Nemotron-Nano-9B-v2', 'nvidia/NVIDIA-Nemotron-Nano-9B-v2', 16.56, 131072, 229376, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/NVIDIA-Nemotron-3-Nano-4B-BF16', 'nvidia/NVIDIA-Nemotron-3-Nano-4B-BF16', 7.4, 262144, 172032, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3-8B-AWQ', 'Qwen/Qwen3-8B-AWQ', 5.68, 40960, 147456, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'google/gemma-4-31B-it', 'google/gemma-4-31B-it', 58.25, 262144, 983040, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'google/gemma-4-26B-A4B-it', 'google/gemma-4-26B-A4B-it', 48.07, 262144, 245760, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'google/gemma-4-E4B-it', 'google/gemma-4-E4B-it', 14.89, 131072, 86016, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'google/gemma-4-E2B-it', 'google/gemma-4-E2B-it', 9.54, 131072, 35840, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'mistralai/Mistral-Small-4-119B-2603', 'mistralai/Mistral-Small-4-119B-2603', 112.63, 1048576, 589824, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'mistralai/Mistral-Small-4-119B-2603-NVFP4', 'mistralai/Mistral-Small-4-119B-2603-NVFP4', 65.95, 1048576, 589824, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.5-2B', 'Qwen/Qwen3.5-2B', 4.24, 262144, 49152, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.5-4B', 'Qwen/Qwen3.5-4B', 8.68, 262144, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.5-9B', 'Qwen/Qwen3.5-9B', 17.98, 262144, 131072, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.5-122B-A10B-GPTQ-Int4', 'Qwen/Qwen3.5-122B-A10B-GPTQ-Int4', 73.47, 262144, 98304, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.5-122B-A10B', 'Qwen/Qwen3.5-122B-A10B', 232.99, 262144, 98304, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.6-35B-A3B-FP8', 'Qwen/Qwen3.6-35B-A3B-FP8', 34.9, 262144, 81920, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.6-35B-A3B', 'Qwen/Qwen3.6-35B-A3B', 66.97, 262144, 81920, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.6-27B', 'Qwen/Qwen3.6-27B', 51.75, 262144, 262144, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.5-397B-A17B-GPTQ-Int4', 'Qwen/Qwen3.5-397B-A17B-GPTQ-Int4', 219.56, 262144, 122880, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'moonshotai/Kimi-K2.5', 'moonshotai/Kimi-K2.5', 554.32, 262144, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'moonshotai/Kimi-K2.6', 'moonshotai/Kimi-K2.6', 554.32, 262144, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'MiniMaxAI/MiniMax-M2.7', 'MiniMaxAI/MiniMax-M2.7', 214.34, 204800, 253952, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'mistralai/Mistral-Medium-3.5-128B', 'mistralai/Mistral-Medium-3.5-128B', 124.43, 262144, 360448, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-V4-Flash-0731', 'deepseek-ai/DeepSeek-V4-Flash-0731', 155.43, 1048576, 88064, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-V4-Pro', 'deepseek-ai/DeepSeek-V4-Pro', 805.34, 1048576, 124928, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'google/gemma-4-12B-it', 'google/gemma-4-12B-it', 22.28, 262144, 393216, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'zai-org/GLM-5.2-FP8', 'zai-org/GLM-5.2-FP8', 703.75, 1048576, 3833856, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'moonshotai/Kimi-K2.7-Code', 'moonshotai/Kimi-K2.7-Code', 554.32, 262144, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4', 'nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4', 328.13, 262144, 110592, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'deepseek-ai/DeepSeek-V3.2', 'deepseek-ai/DeepSeek-V3.2', 642.14, 163840, 1748992, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'ibm-granite/granite-4.1-8b', 'ibm-granite/granite-4.1-8b', 16.38, 131072, 163840, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
  p('0.12.0', 'Qwen/Qwen3.8-27B', 'Qwen/Qwen3.8-27B', 51.75, 262144, 262144, {
    splitAcrossGpus: true,
    multiNode: true,
    downloadAuthRequired: false,
    runtimes: 'vllm',
  }),
];
