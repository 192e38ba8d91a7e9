/**
 * `npm run test:app-contract`: proves the ai-service environment we synthesize works with the client
 * libraries ai-service 2.2.0 itself uses (openai 2.43.0, azure-identity 1.25.3, installed by
 * `bash verify/install-python-clients.sh` into .tools/app-clients-venv), against loopback fakes.
 *
 * For each case it synthesizes both stacks, reads what ai-service gets (its ConfigMap, its
 * ServiceAccount and pod labels) and what the other side of the contract says, from sources other
 * than the ConfigMap: the name vLLM serves comes from the workload Kaito's controller generated
 * for the preset (../shared/reference/kaito/kaito-oracle), the Workspace Service from the Workspace
 * object, the client id, subject and audience Entra accepts from the infra stack's identity and
 * federated credential, the deployment from the infra stack's Azure OpenAI deployment. Terraform
 * values unknown at synth (the account's endpoint, the identity's client id) become fixed fakes,
 * keyed by the infra resource they belong to. `verify/app-contract/contract.py` then drives the
 * libraries and prints one line per check; this prints them and `N passed, N failed`.
 *
 *   npm run test:app-contract                         # every case, exit 1 when a check fails
 *   npm run test:app-contract -- --break model        # LOCAL_LLM_MODEL = the preset name (the bug of issue 27)
 *   npm run test:app-contract -- --break api-version  # AZURE_OPENAI_API_VERSION = 2023-05-15
 *   npm run test:app-contract -- --break client-id    # the ServiceAccount names the provisioner's identity
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { buildStacks } from '../app';
import { AI_SERVICE_FACTS } from '../catalog/ai-service';
import { loadConfig } from '../config';
import { OracleWorkload, readJsonLines, WORKLOAD_DIR, workloadFiles } from '../scripts/refresh-catalog';

/** The ways `--break` spoils the synthesized environment, to show the checks fail. */
export const BREAKS = ['model', 'api-version', 'client-id'] as const;
/** One of {@link BREAKS}. */
export type Break = (typeof BREAKS)[number];

/** A configuration to prove. */
export interface ContractCase {
  /** What the output calls it. */
  readonly label: string;
  /** The azd environment it is synthesized from. */
  readonly env: Readonly<Record<string, string>>;
}

/** The cases `npm run test:app-contract` proves: local LLM on both trains (one whose served name differs), Azure OpenAI. */
export const CASES: readonly ContractCase[] = [
  { label: 'local LLM, Kaito 0.10.0 falcon-7b-instruct', env: {} },
  { label: 'local LLM, Kaito 0.12.0 mistral-7b-instruct', env: { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'mistral-7b-instruct' } },
  { label: 'Azure OpenAI, workload identity', env: { DEPLOY_AZURE_OPENAI: 'true' } },
];

/** The tenant the fakes play. */
const TENANT = '72f988bf-0000-4000-8000-00000000cafe';
/** Stands in for `substr(sha1(<resource group id>), 0, 8)` in the account's subdomain. */
const FAKE_HASH = '0a1b2c3d';

/** The JSON `contract.py run` reads. */
export interface DriverCase {
  readonly env: Record<string, string>;
  readonly local?: { readonly host: string; readonly port: number; readonly servedModelName: string };
  readonly azure?: {
    readonly host: string;
    readonly deployment: string;
    readonly apiVersion: string;
    readonly tenantId: string;
    readonly clientId: string;
    readonly subject: string;
    readonly audience: string;
  };
  readonly webhook?: {
    readonly clientId: string;
    readonly tenantId: string;
    readonly issuer: string;
    readonly podSubject: string;
    readonly audience: string;
  };
}

type Tf = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};
type K8s = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: any };

/** A stable fake client id for an identity, from its name. */
export function fakeClientId(identityName: string): string {
  const h = createHash('sha256').update(identityName).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function resolved<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) }) as T;
}

/** `${data.<type>.<id>.<attr>}` -> the data source's `name`, looked up in kaito-stack's data sources. */
function dataSourceName(kaito: Tf, reference: string, type: string): string {
  const m = new RegExp(`^\\$\\{data\\.${type}\\.([^.]+)\\.\\w+\\}$`).exec(reference);
  const name = m ? kaito.data?.[type]?.[m[1]]?.name : undefined;
  if (typeof name !== 'string') throw new Error(`${reference} is no ${type} data source of kaito-stack`);
  return name;
}

/** The infra resource of `type` named `name`, with its logical id. */
function infraResource(infra: Tf, type: string, name: string): [string, Record<string, unknown>] {
  const found = Object.entries(infra.resource?.[type] ?? {}).find(([, r]) => r.name === name);
  if (!found) throw new Error(`infra has no ${type} named ${name}`);
  return found;
}

/** Synthesizes `contractCase` and derives what the driver and the fakes need; `spoil` applies a {@link Break}. */
export function driverCase(contractCase: ContractCase, spoil?: Break): DriverCase {
  const outdir = mkdtempSync(join(tmpdir(), 'kaito-aks-app-contract-'));
  try {
    const config = loadConfig({ ...contractCase.env });
    const stacks = buildStacks(Testing.app({ outdir }), config);
    const infra = JSON.parse(Testing.synth(stacks.infra)) as Tf;
    const kaito = JSON.parse(Testing.synth(stacks.kaito)) as Tf;
    const ai = stacks.kaito.aiService;
    const env: Record<string, string> = { ...resolved(stacks.kaito, ai.environment) };
    const objects = resolved(stacks.kaito, ai.objects) as unknown as K8s[];

    if (ai.backend.kind === 'local-llm') {
      const ws = stacks.kaito.workspace.workspace as unknown as K8s & { inference: { preset: { name: string } } };
      if (config.kaito.sizing !== 'estimator')
        throw new Error('the app contract runs on the Helm release trains, whose workloads Kaito recorded');
      const release = config.kaito.release.version;
      const workload = workloadFiles(release)
        .flatMap((f) => readJsonLines<OracleWorkload & { services: { ports: { name: string; port: number }[] }[] }>(join(WORKLOAD_DIR, f)))
        .find((w) => w.model === ws.inference.preset.name);
      if (!workload) throw new Error(`no workload of Kaito ${release} for preset ${ws.inference.preset.name}`);
      const port = workload.services[0].ports.find((p) => p.name === 'http')?.port ?? -1;
      if (spoil === 'model') env.LOCAL_LLM_MODEL = config.kaito.preset.name;
      return {
        env,
        local: { host: `${ws.metadata.name}.${ws.metadata.namespace}.svc`, port, servedModelName: workload.servedModelName },
      };
    }

    // Azure OpenAI: the endpoint and client id are Terraform values; fake them per infra resource
    const accountName = dataSourceName(kaito, env.AZURE_OPENAI_ENDPOINT, 'azurerm_cognitive_account');
    const [accountId, account] = infraResource(infra, 'azurerm_cognitive_account', accountName);
    const host = `${String(account.custom_subdomain_name).replace(/\$\{.*\}/, FAKE_HASH)}.openai.azure.com`;
    env.AZURE_OPENAI_ENDPOINT = `https://${host}/`;
    const deployment = Object.values(infra.resource?.azurerm_cognitive_deployment ?? {}).find(
      (d) => d.cognitive_account_id === `\${azurerm_cognitive_account.${accountId}.id}`,
    );
    if (!deployment) throw new Error(`infra has no deployment on ${accountName}`);

    const pod = objects.find((o) => o.kind === 'Deployment')!;
    const template = pod.spec.template;
    const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === template.spec.serviceAccountName);
    const podSubject = `system:serviceaccount:${pod.metadata.namespace}:${template.spec.serviceAccountName}`;
    // Entra accepts the identity whose federated credential names the pod's ServiceAccount
    const credential = Object.values(infra.resource?.azurerm_federated_identity_credential ?? {}).find((c) => c.subject === podSubject);
    const federatedIdentity = credential
      ? Object.entries(infra.resource?.azurerm_user_assigned_identity ?? {}).find(
          ([id]) => credential.parent_id === `\${azurerm_user_assigned_identity.${id}.id}`,
        )?.[1]
      : undefined;
    const annotated = sa?.metadata.annotations?.['azure.workload.identity/client-id'];
    let webhookIdentity = annotated ? dataSourceName(kaito, annotated, 'azurerm_user_assigned_identity') : undefined;
    if (spoil === 'client-id')
      webhookIdentity = Object.values(infra.resource?.azurerm_user_assigned_identity ?? {}).find((i) => i !== federatedIdentity)
        ?.name as string;
    if (spoil === 'api-version') env.AZURE_OPENAI_API_VERSION = '2023-05-15';
    // the webhook mutates only pods labelled azure.workload.identity/use: "true" whose ServiceAccount names a client id
    const mutated = template.metadata.labels?.['azure.workload.identity/use'] === 'true' && webhookIdentity !== undefined;
    return {
      env,
      azure: {
        host,
        deployment: String(deployment.name),
        apiVersion: config.openAi.apiVersion,
        tenantId: TENANT,
        clientId: federatedIdentity ? fakeClientId(String(federatedIdentity.name)) : '(no identity federates the pod)',
        subject: String(credential?.subject ?? '(none)'),
        audience: String((credential?.audience as string[] | undefined)?.[0] ?? '(none)'),
      },
      ...(mutated
        ? {
            webhook: {
              clientId: fakeClientId(webhookIdentity!),
              tenantId: TENANT,
              issuer: 'https://oidc.prod-aks.azure.com/fake/',
              podSubject,
              audience: 'api://AzureADTokenExchange', // the token audience the webhook projects
            },
          }
        : {}),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** One line `contract.py` printed. */
interface CheckLine {
  readonly ok: boolean;
  readonly check: string;
  readonly detail: string;
}

function main(argv: readonly string[]): number {
  const root = join(__dirname, '..');
  const python = join(process.env.KAITO_AKS_TOOLS_DIR ?? join(root, '.tools'), 'app-clients-venv', 'bin', 'python');
  if (!existsSync(python)) {
    process.stderr.write(`test:app-contract: ${python} is missing; run: bash verify/install-python-clients.sh\n`);
    return 2;
  }
  const i = argv.indexOf('--break');
  const spoil = i >= 0 ? (argv[i + 1] as Break) : undefined;
  if (spoil !== undefined && !BREAKS.includes(spoil)) {
    process.stderr.write(`test:app-contract: --break ${String(argv[i + 1])} is not one of ${BREAKS.join(', ')}\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  const { timeoutSeconds, maxRetries, maxRetryDelaySeconds } = AI_SERVICE_FACTS.modelCall;
  const runs: [string, string, string][] = [
    ['ai-service facts', 'facts', JSON.stringify({ timeoutSeconds, maxRetries, maxRetryDelaySeconds })],
    ...CASES.map((c): [string, string, string] => [c.label, 'run', JSON.stringify(driverCase(c, spoil))]),
  ];
  for (const [label, mode, input] of runs) {
    const c = { label };
    const run = spawnSync(python, [join(__dirname, 'app-contract', 'contract.py'), mode], { input, encoding: 'utf8', timeout: 180_000 });
    const lines = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as CheckLine);
    if (lines.length === 0)
      lines.push({ ok: false, check: 'contract.py ran', detail: `exit ${run.status}: ${run.stderr.trim().slice(-600)}` });
    for (const line of lines) {
      if (line.ok) passed += 1;
      else failed += 1;
      process.stdout.write(`${line.ok ? '✔' : '✖'} ${c.label}: ${line.check}${line.ok ? '' : `  (${line.detail})`}\n`);
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed${spoil ? ` (with --break ${spoil})` : ''}\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
