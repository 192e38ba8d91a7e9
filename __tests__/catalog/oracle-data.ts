/** Reads what Kaito's own code said: kaito-oracle output, in `../shared/reference/kaito/kaito-oracle/`. */
import { OraclePreset, oracleFile, readJsonLines } from '../../scripts/refresh-catalog';

export type { OraclePreset };
import type { ReleaseVersion } from '../../catalog';

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

export const oraclePresets = (release: ReleaseVersion) => readJsonLines<OraclePreset>(oracleFile('presets', release));
export const oracleSkus = (release: ReleaseVersion) => readJsonLines<OracleSku>(oracleFile('skus', release));
export const oracleEstimates = (release: ReleaseVersion) => readJsonLines<OracleEstimate>(oracleFile('estimate', release));
