/**
 * Kaito inference presets per release train, with what the GPU fit rule and the admission rules need.
 *
 * Every fact comes from `data/presets.json`, which `scripts/refresh-catalog.ts` generates from
 * Kaito's own code (`kaito-oracle/presets-<release>.jsonl` in `../shared/reference/kaito/`: what Kaito
 * v0.10.0 and v0.12.0 resolve, unmodified, printed on the date in `kaitoOracleDate`), the workloads Kaito's
 * controller generated for every name (`kaito-oracle/workload-<release>*.jsonl` there: served model name,
 * Pod Security level, host paths) and, for the Hugging Face id and the runtimes only, from `presets-full.csv`
 * beside them. Nothing here is transcribed by hand:
 * `__tests__/catalog/data.test.ts` proves the JSON is what those files say, and every fact equal to
 * the oracle's, for both release trains.
 */
import data from './data/presets.json';
import type { ReleaseVersion } from './release-trains';

/** Pod Security Standards levels, from the most to the least permissive. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The facts of one preset as Kaito resolves it (one row of `data/presets.json`). */
export interface PresetFacts {
  /** The name to put in `inference.preset.name`. */
  readonly name: string;
  /** The Hugging Face model id behind the preset. */
  readonly huggingFaceId: string;
  /** Runtimes Kaito offers for it, e.g. `vllm|transformers`. */
  readonly runtimes: string;
  /** Size of the model weights (safetensors), GiB (Kaito's `TotalSafeTensorFileSize`). */
  readonly modelSizeGiB: number;
  /** The model's maximum context, tokens (Kaito's `ModelTokenLimit`). */
  readonly tokenLimit: number;
  /**
   * KV-cache bytes per token of context, as Kaito's estimator reads it (`BytesPerToken`; for
   * latent-attention models such as DeepSeek-V3 the compressed latent, not full attention).
   */
  readonly kvCacheBytesPerToken: number;
  /** Whether vLLM may split the model across GPUs (not Kaito's `DisableTensorParallelism`). */
  readonly splitAcrossGpus: boolean;
  /** Whether Kaito may spread the model across several nodes (`SupportDistributedInference()`). */
  readonly multiNode: boolean;
  /**
   * Whether the weights are downloaded when the pod starts (`DownloadAtRuntime`) rather than baked
   * into Kaito's image. Kaito's webhook accepts `presetOptions.modelAccessSecret` only then.
   */
  readonly downloadAtRuntime: boolean;
  /** Whether Kaito's webhook requires `presetOptions.modelAccessSecret` (`DownloadAuthRequired`). */
  readonly downloadAuthRequired: boolean;
  /**
   * The model name vLLM serves (`--served-model-name`, what `/v1/models` lists and what a chat
   * completion's `model` must equal). Not always the preset name: at v0.12.0 Kaito serves
   * `mistral-7b-instruct` as `mistral-7b-instruct-v0.3`.
   */
  readonly servedModelName: string;
  /**
   * The lowest Pod Security level whose `enforce` admits the inference pod Kaito's controller makes
   * (found by the API server's own dry run); `privileged` when the pod mounts a node path.
   */
  readonly podSecurityLevel: PodSecurityLevel;
  /** The node paths (hostPath volumes) Kaito mounts into the inference pod; empty for most presets. */
  readonly hostPaths: readonly string[];
}

/** One inference preset as a given Kaito release serves it. */
export interface Preset extends PresetFacts {
  /** The Kaito release train that serves this preset. */
  readonly release: ReleaseVersion;
}

/** The shape of `data/presets.json`. */
export interface PresetData {
  /** How the file was made; do not edit it by hand. */
  readonly source: string;
  /** The day kaito-oracle printed the facts, ISO date. */
  readonly kaitoOracleDate: string;
  /** The day Kaito's controller generated the workloads the served model names and Pod Security levels come from, ISO date. */
  readonly kaitoWorkloadDate: string;
  /** Per release train: its presets, and Kaito's other names for them (alias -> preset name). */
  readonly releases: Readonly<
    Record<ReleaseVersion, { readonly presets: readonly PresetFacts[]; readonly aliases: Readonly<Record<string, string>> }>
  >;
}

/** The catalog's preset data. */
export const PRESET_DATA: PresetData = data as PresetData;

/** Every preset of every release train, in the oracle's order. */
export const PRESETS: readonly Preset[] = (Object.keys(PRESET_DATA.releases) as ReleaseVersion[]).flatMap((release) =>
  PRESET_DATA.releases[release].presets.map((facts) => ({ ...facts, release })),
);
