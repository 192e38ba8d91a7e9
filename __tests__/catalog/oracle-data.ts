/** Reads what Kaito's own code said (kaito-oracle output, copied into catalog/data/kaito-oracle). */
import { join } from 'node:path';
import { OraclePreset, readJsonLines } from '../../scripts/refresh-catalog';

export type { OraclePreset };
import type { ReleaseVersion } from '../../catalog';

const ORACLE = join(__dirname, '..', '..', 'catalog', 'data', 'kaito-oracle');

/** One line of `skus-<v>.jsonl`. */
export interface OracleSku {
  readonly name: string;
  readonly gpuCount: number;
  readonly gpuMem: string;
  readonly gpuModel: string;
  readonly cuda: number;
}

/** One line of `estimate-<v>.jsonl`: Kaito's estimator for one (model, size), `resource.count` 1. */
export interface OracleEstimate {
  readonly model: string;
  readonly sku: string;
  readonly nodes: number;
  readonly gpus: number;
  readonly error?: string;
}

export const oraclePresets = (release: ReleaseVersion) => readJsonLines<OraclePreset>(join(ORACLE, `presets-${release}.jsonl`));
export const oracleSkus = (release: ReleaseVersion) => readJsonLines<OracleSku>(join(ORACLE, `skus-${release}.jsonl`));
export const oracleEstimates = (release: ReleaseVersion) => readJsonLines<OracleEstimate>(join(ORACLE, `estimate-${release}.jsonl`));
