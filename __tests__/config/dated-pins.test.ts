/**
 * Every dated pin judged against the day synth runs, one rule for all: refused from its date on,
 * warned in the 60 days before. Each test passes its own day to `loadConfig` (the suite's clock is
 * fixed too, at 2026-12-07: `__tests__/clock.ts`).
 */
import { ConfigError, loadConfig } from '../../config';
import { DEFAULT_KUBERNETES_VERSION } from '../../config/schema';
import { supportedKubernetesVersions } from '../../catalog';

const on = (day: string) => new Date(`${day}T12:00:00Z`);
const CALENDAR = 'catalog/data/aks-kubernetes-versions.json';
const SCHEDULE = 'catalog/data/azure-openai-retirements.json';

/** The problems of `env` on `day`; fails the test when `env` is accepted. */
function refused(env: Record<string, string>, day: string) {
  try {
    loadConfig(env, process.cwd(), on(day));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused on ${day}`);
}

describe('AKS_KUBERNETES_VERSION, judged against AKS release calendar', () => {
  test('the default is a minor AKS supports today, more than 60 days before its end: no warning', () => {
    // GIVEN no variable WHEN loaded on 2026-12-07
    const config = loadConfig({}, process.cwd(), on('2026-12-07'));
    // THEN the cluster gets the default minor with its dates, and nothing is warned
    expect(config.kubernetes).toEqual({ version: '1.36', communitySupportEndsOn: '2027-06-30', ltsEndsOn: '2028-06-30' });
    expect(DEFAULT_KUBERNETES_VERSION).toBe('1.36');
    expect(config.warnings).toEqual([]);
  });

  test('fails when AKS_KUBERNETES_VERSION=1.34 after AKS ended its community support: the date, LTS and the versions to choose', () => {
    expect(refused({ AKS_KUBERNETES_VERSION: '1.34' }, '2026-12-07')).toEqual([
      {
        variable: 'AKS_KUBERNETES_VERSION',
        value: '1.34',
        message: `AKS ended community support for Kubernetes 1.34 on 2026-11-30, so it creates no new cluster on it (its Long Term Support runs until 2027-11-30, but only on the Premium tier with the AKSLongTermSupport plan, which kaito-aks does not set); set one AKS supports today: 1.35 (until 2027-03-31), 1.36 (until 2027-06-30), 1.37 (until 2027-10-31) (${CALENDAR}, read 2026-12-07)`,
      },
    ]);
  });

  test('the day support ends is the first day refused; the day before is warned', () => {
    expect(refused({ AKS_KUBERNETES_VERSION: '1.35' }, '2027-03-31')[0].message).toContain(
      'AKS ended community support for Kubernetes 1.35 on 2027-03-31',
    );
    const config = loadConfig({ AKS_KUBERNETES_VERSION: '1.35' }, process.cwd(), on('2027-03-30'));
    expect(config.warnings.map((w) => w.message)).toEqual([
      'AKS ends community support for Kubernetes 1.35 on 2027-03-31, in 1 day: from then on it creates no new cluster on it and an existing one must be upgraded; choose a later version: 1.36 (until 2027-06-30), 1.37 (until 2027-10-31)',
    ]);
  });

  test('warned from 60 days before its end, not 61: the default itself on 2027-05-01', () => {
    expect(loadConfig({}, process.cwd(), on('2027-04-30')).warnings).toEqual([]);
    expect(loadConfig({}, process.cwd(), on('2027-05-01')).warnings).toEqual([
      {
        variable: 'AKS_KUBERNETES_VERSION',
        value: '1.36 (default)',
        message:
          'AKS ends community support for Kubernetes 1.36 on 2027-06-30, in 60 days: from then on it creates no new cluster on it and an existing one must be upgraded; choose a later version: 1.37 (until 2027-10-31)',
      },
    ]);
  });

  test('fails when the default itself has passed its end: the fix is a variable away', () => {
    expect(refused({}, '2027-07-01')).toEqual([expect.objectContaining({ variable: 'AKS_KUBERNETES_VERSION', value: '1.36 (default)' })]);
  });

  test('fails when AKS_KUBERNETES_VERSION is not in the calendar, listing what it holds', () => {
    expect(refused({ AKS_KUBERNETES_VERSION: '1.40' }, '2026-12-07')[0].message).toBe(
      `not a Kubernetes version in AKS's release calendar (${CALENDAR}, read 2026-12-07, lists 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37); choose one AKS supports today: 1.35 (until 2027-03-31), 1.36 (until 2027-06-30), 1.37 (until 2027-10-31)`,
    );
  });

  test.each(['v1.36', '1.36.2', '1', 'latest'])('fails when AKS_KUBERNETES_VERSION=%s is not a bare minor version', (value) => {
    expect(refused({ AKS_KUBERNETES_VERSION: value }, '2026-12-07')).toEqual([
      {
        variable: 'AKS_KUBERNETES_VERSION',
        value,
        message:
          'must be a Kubernetes minor version such as 1.36 (no "v", no patch): AKS picks the newest patch of the minor and the patch upgrade channel keeps it current',
      },
    ]);
  });

  test('each problem is reported with the others', () => {
    const issues = refused({ AKS_KUBERNETES_VERSION: '1.33', KAITO_NODE_COUNT: '0' }, '2026-12-07');
    expect(issues.map((i) => i.variable).sort()).toEqual(['AKS_KUBERNETES_VERSION', 'KAITO_NODE_COUNT']);
  });

  test('the versions AKS supports on a day are those whose end has not come', () => {
    expect(supportedKubernetesVersions('2026-11-29').map((v) => v.version)).toEqual(['1.34', '1.35', '1.36', '1.37']);
    expect(supportedKubernetesVersions('2026-11-30').map((v) => v.version)).toEqual(['1.35', '1.36', '1.37']);
  });
});

describe('AZURE_OPENAI_MODEL_VERSION, judged against the retirement schedule when Azure OpenAI is deployed', () => {
  const openAi = (model: string, version: string) => ({
    DEPLOY_AZURE_OPENAI: 'true',
    AZURE_OPENAI_MODEL_NAME: model,
    AZURE_OPENAI_MODEL_VERSION: version,
  });

  test('fails when Azure has retired the version, naming the date and the versions still live', () => {
    expect(refused(openAi('gpt-4o', '2024-05-13'), '2026-12-07')).toEqual([
      {
        variable: 'AZURE_OPENAI_MODEL_VERSION',
        value: '2024-05-13',
        message: `Azure retired gpt-4o 2024-05-13 on 2026-10-01: every call to a deployment of it fails; set one of 2024-08-06, 2024-11-20, or another model (${SCHEDULE}, read 2026-12-07)`,
      },
    ]);
  });

  test('fails when every version of the model is retired: another model', () => {
    expect(refused(openAi('o3', '2025-04-16'), '2026-12-07')[0].message).toBe(
      `Azure retired o3 2025-04-16 on 2026-10-21: every call to a deployment of it fails; choose another model (${SCHEDULE}, read 2026-12-07)`,
    );
  });

  test('a retired version is not judged while Azure OpenAI is not deployed', () => {
    const config = loadConfig(
      { AZURE_OPENAI_MODEL_NAME: 'gpt-4o', AZURE_OPENAI_MODEL_VERSION: '2024-05-13' },
      process.cwd(),
      on('2026-12-07'),
    );
    expect(config.warnings).toEqual([]);
  });

  test('the default model version is warned 60 days before its retirement, and refused from that day', () => {
    expect(loadConfig(openAi('gpt-4.1-mini', '2025-04-14'), process.cwd(), on('2027-02-12')).warnings).toEqual([]);
    expect(loadConfig(openAi('gpt-4.1-mini', '2025-04-14'), process.cwd(), on('2027-02-13')).warnings).toEqual([
      {
        variable: 'AZURE_OPENAI_MODEL_VERSION',
        value: '2025-04-14',
        message: `Azure retires gpt-4.1-mini 2025-04-14 on 2027-04-14, in 60 days: from then on every call to it fails; move to a later model (${SCHEDULE}, read 2026-12-07)`,
      },
    ]);
    expect(refused(openAi('gpt-4.1-mini', '2025-04-14'), '2027-04-14')[0].variable).toBe('AZURE_OPENAI_MODEL_VERSION');
  });

  test('a version the schedule lists as Deprecated is warned about, not refused: new customers only are turned away', () => {
    expect(loadConfig(openAi('gpt-4o-mini', '2024-07-18'), process.cwd(), on('2026-12-07')).warnings).toEqual([
      {
        variable: 'AZURE_OPENAI_MODEL_VERSION',
        value: '2024-07-18',
        message: `the retirement schedule lists gpt-4o-mini 2024-07-18 as Deprecated: a subscription that never deployed it can no longer deploy it (Azure refuses the deployment); choose another model (${SCHEDULE}, read 2026-12-07)`,
      },
    ]);
  });
});

describe('KAITO_INSTANCE_TYPE, judged against the size retirement date', () => {
  // Standard_NV24s_v3 (2 x M60), listed by Kaito 0.10.0, retired by Azure on 2026-09-30
  const env = { KAITO_MODEL: 'phi-3-mini-4k-instruct', KAITO_INSTANCE_TYPE: 'Standard_NV24s_v3' };

  test('refused from its retirement date on', () => {
    expect(refused(env, '2026-09-30')[0].message).toContain('Azure retired it on 2026-09-30, so it can no longer be created');
  });

  test('warned in the 60 days before, and taken', () => {
    const config = loadConfig(env, process.cwd(), on('2026-09-01'));
    expect(config.kaito.instanceType.name).toBe('Standard_NV24s_v3');
    expect(config.warnings).toEqual([
      expect.objectContaining({
        variable: 'KAITO_INSTANCE_TYPE',
        value: 'Standard_NV24s_v3',
        message: expect.stringMatching(
          /^Azure retires Standard_NV24s_v3 on 2026-09-30, in 29 days: from then on its nodes cannot be created; use /,
        ),
      }),
    ]);
  });

  test('taken without a word earlier than that', () => {
    expect(loadConfig(env, process.cwd(), on('2026-07-01')).warnings).toEqual([]);
  });
});
