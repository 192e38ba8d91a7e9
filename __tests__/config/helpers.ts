/** Shared by the config tests: the problems a configuration is rejected with. */
import { ConfigError, loadConfig } from '../../config';
import type { EstimatedKaitoConfig, KaitoConfig } from '../../config';

/** The problems `env` is rejected with; fails the test when `env` is accepted. */
export function problems(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

/** The one problem with `variable`, checked to carry the value as given. */
export function problemWith(env: Record<string, string>, variable: string) {
  const found = problems(env).filter((i) => i.variable === variable);
  expect(found).toHaveLength(1);
  if (env[variable] !== undefined) expect(found[0].value).toBe(env[variable]);
  return found[0];
}

/** `kaito` narrowed to a release whose node estimator sizes the Workspace (0.10.0, 0.12.0); fails the test otherwise. */
export function estimated(kaito: KaitoConfig): EstimatedKaitoConfig {
  if (kaito.sizing !== 'estimator') throw new Error(`expected an estimator-sized Kaito, got ${kaito.release.version}`);
  return kaito;
}
