/**
 * The numbers and the text `wait` reads out of a failure message: the KV cache and quota figures are
 * only quoted when the message gives all that they are computed from (never "undefined" or "NaN" in a
 * fix), and the detail line is the embedded Azure or Entra message, unescaped, on one line.
 */
import { classify, gist, parseKvCache, parseQuota, tellingPart } from '../../cli/causes';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const ctx = causeContext(testTarget());
const LARGER_SIZE =
  'choose a size with more GPU memory than Standard_NV36ads_A10_v5 (KAITO_INSTANCE_TYPE; `npm run synth` shows the GPU fit), then re-apply kaito-stack';

describe('KV cache: the fix quotes only the numbers the message gives', () => {
  test.each([
    [
      'only the memory needed: no GiB figures',
      'ValueError: 1.00 GiB KV cache is needed, which is larger than the available KV cache memory.',
      'the model loaded, but vLLM cannot reserve the context it is configured for',
    ],
    [
      'only the memory available: no GiB figures',
      'ValueError: the KV cache is needed, which is larger than the available KV cache memory (0.62 GiB).',
      'the model loaded, but vLLM cannot reserve the context it is configured for',
    ],
    [
      'both GiB figures, no length estimate: no token count',
      'ValueError: (2.5 GiB KV cache is needed, which is larger than the available KV cache memory (1.25 GiB).',
      'the model loaded, but vLLM cannot reserve the context it is configured for (it needs 2.5 GiB of KV cache and has 1.25 GiB)',
    ],
    [
      'V0: only the tokens that fit',
      "The model's max seq len (4096) is larger than the maximum number of tokens that can be stored in KV cache (1264).",
      'the model loaded, but vLLM cannot reserve the context it is configured for (it could hold 1264 tokens)',
    ],
  ])('%s', (_name, message, first) => {
    expect(classify(message, 's', ctx)?.fix).toEqual([first, LARGER_SIZE]);
  });

  test('the GiB needed is read with or without the parenthesis before it', () => {
    expect(parseKvCache('1.5 GiB KV cache is needed, which is larger than the available KV cache memory (0.5 GiB)')).toEqual({
      maxModelLen: undefined,
      neededGiB: 1.5,
      availableGiB: 0.5,
      fitsTokens: undefined,
    });
    expect(parseKvCache('(1.5 GiB KV cache is needed').neededGiB).toBe(1.5);
  });
});

describe('parseQuota: how many vCPUs are missing, only from a complete set of figures', () => {
  const none = { family: undefined, region: undefined, newLimit: undefined };
  test.each([
    [
      'limit, usage and request: usage + request - limit',
      'Current Limit: 10, Current Usage: 8, Additional Required: 4',
      { limit: 10, usage: 8, required: 4, shortBy: 2 },
    ],
    [
      'limit and request, no usage',
      'Current Limit: 10, Additional Required: 4',
      { limit: 10, usage: undefined, required: 4, shortBy: undefined },
    ],
    [
      'usage and request, no limit',
      'Current Usage: 8, Additional Required: 4',
      { limit: undefined, usage: 8, required: 4, shortBy: undefined },
    ],
    [
      'limit and usage, no request',
      'Current Limit: 10, Current Usage: 8',
      { limit: 10, usage: 8, required: undefined, shortBy: undefined },
    ],
    [
      'request, no remaining',
      'Insufficient vcpu quota requested 36',
      { limit: undefined, usage: undefined, required: 36, shortBy: undefined },
    ],
    [
      'remaining, no request',
      'Insufficient vcpu quota, remaining 12',
      { limit: undefined, usage: undefined, required: undefined, shortBy: undefined },
    ],
    [
      'request and remaining: request - remaining',
      'Insufficient vcpu quota requested 36, remaining 12',
      { limit: undefined, usage: undefined, required: 36, shortBy: 24 },
    ],
  ])('%s', (_name, message, numbers) => {
    expect(parseQuota(message)).toEqual({ ...none, ...numbers });
  });

  test('a quota fix never asks for NaN vCPUs', () => {
    expect(classify('QuotaExceeded: Current Limit: 10, Additional Required: 4', 's', ctx)?.fix[0]).toBe(
      "request a quota increase for standardNVADSA10v5Family in eastus (the Workspace's Standard_NV36ads_A10_v5 nodes need 36 vCPUs): https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas",
    );
  });
});

describe('the detail line', () => {
  test('the embedded "message", with or without spaces around the colon', () => {
    expect(tellingPart('{"error":{"code":"QuotaExceeded","message":"QuotaExceeded for family X"}}', /QuotaExceeded/)).toBe(
      'QuotaExceeded for family X',
    );
    expect(tellingPart('{\n  "message" :  "QuotaExceeded for family X"\n}', /QuotaExceeded/)).toBe('QuotaExceeded for family X');
  });

  test("an Entra error's error_description, its escaped line breaks (\\r\\n) and tabs made spaces", () => {
    const entra =
      'failed to acquire token\n{"error":"invalid_client","error_description":"AADSTS700213: No matching federated identity record found.\\r\\nTrace ID: 1\\tCorrelation ID: 2"}';
    expect(tellingPart(entra, /AADSTS/)).toBe('AADSTS700213: No matching federated identity record found. Trace ID: 1 Correlation ID: 2');
  });

  test('runs of whitespace collapse to one space, the ends trimmed', () => {
    expect(tellingPart('  OOMKilled   after \t 3 restarts  ', /OOMKilled/)).toBe('OOMKilled after 3 restarts');
  });

  test('gist: the first line with anything on it, even a single word', () => {
    expect(gist('Forbidden\nthe server has asked for the client to provide credentials')).toBe('Forbidden');
    expect(gist('{"message":"Forbidden"} and more')).toBe('Forbidden');
  });
});
