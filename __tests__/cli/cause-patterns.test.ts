/**
 * Every wording a cause is recognized by: each alternative of each rule alone names its kind, and
 * messages that only look alike (a wording cut short, words too far apart) are not taken for it.
 */
import { classify } from '../../cli/causes';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const ctx = causeContext(testTarget());
const kindOf = (message: string) => classify(message, 's', ctx)?.kind;

describe('each wording alone names its cause', () => {
  test.each([
    // quota
    ['Code="QuotaExceeded"', 'quota'],
    ['InsufficientVCPUQuota', 'quota'],
    ['Insufficient vcpu quota requested 36, remaining 0', 'quota'],
    ['Insufficient regional vcpu quota left for location westeurope', 'quota'],
    ['results in exceeding approved standardNVADSA10v5Family Cores quota', 'quota'],
    ['exceeding approved quota', 'quota'],
    [`exceeding approved ${'x'.repeat(80)}quota`, 'quota'],
    // a size not offered
    ['SkuNotAvailable', 'sku-unavailable'],
    ['VMSizeNotSupported', 'sku-unavailable'],
    ['NotAvailableForSubscription', 'sku-unavailable'],
    ["is currently not available in location 'eastus'", 'sku-unavailable'],
    ['is not available in your subscription', 'sku-unavailable'],
    ['the size is not allowed in your subscription', 'sku-unavailable'],
    ['all requested instance types were unavailable during launch', 'sku-unavailable'],
    ['ZonalAllocationFailed', 'sku-unavailable'],
    ['OverconstrainedAllocationRequest', 'sku-unavailable'],
    ['Code="AllocationFailed"', 'sku-unavailable'],
    // sign-in
    ['AADSTS70021: error', 'identity'],
    ['No matching federated identity record found', 'identity'],
    ['WorkloadIdentityCredential authentication failed', 'identity'],
    ['the federated identity is wrong', 'identity'],
    ['the federated credential is wrong', 'identity'],
    // role
    ['Code="AuthorizationFailed"', 'authorization'],
    ['Code="LinkedAuthorizationFailed"', 'authorization'],
    ["the client does not have authorization to perform action 'x'", 'authorization'],
    // a size Kaito refuses
    ['Unsupported SKU', 'unsupported-sku'],
    ['sku Standard_NC12s_v3 is not supported', 'unsupported-sku'],
    [`sku ${'x'.repeat(80)} is not supported`, 'unsupported-sku'],
    ['the size is not supported by the model', 'unsupported-sku'],
    ['the size is not supported by the preset', 'unsupported-sku'],
    // model weights
    ['Cannot access gated repo for url https://huggingface.co/x', 'model-access'],
    ['GatedRepoError', 'model-access'],
    ['Repository Not Found for url https://huggingface.co/x', 'model-access'],
    ['RepositoryNotFoundError', 'model-access'],
    ['401 Client Error: Unauthorized', 'model-access'],
    ['403 Client Error: Forbidden', 'model-access'],
    ['Access to model meta-llama/Llama-3.1-8B-Instruct is restricted', 'model-access'],
    ['Invalid user token.', 'model-access'],
    ['HF_TOKEN is not set', 'model-access'],
    ['Invalid credentials in Authorization header', 'model-access'],
    // architecture
    ["Model architectures ['Phi4MMForCausalLM'] are not supported for now", 'unsupported-model'],
    ['Model architecture Phi4MMForCausalLM is not supported', 'unsupported-model'],
    ["Model architectures ['Gemma3nForConditionalGeneration'] failed to be inspected", 'unsupported-model'],
    ['Transformers does not recognize this architecture', 'unsupported-model'],
    ['the checkpoint has model type `gemma3n` but Transformers does not recognize it', 'unsupported-model'],
    // KV cache
    ['1.00 GiB KV cache is needed, which is larger than the available KV cache memory (0.62 GiB)', 'kv-cache'],
    ['max seq len (4096) is larger than the maximum number of tokens that can be stored in KV cache (1264)', 'kv-cache'],
    ['No available memory for the cache blocks', 'kv-cache'],
    // memory
    ['CUDA out of memory. Tried to allocate 2.00 GiB', 'out-of-memory'],
    ['torch.OutOfMemoryError', 'out-of-memory'],
    ['OOMKilled', 'out-of-memory'],
    ['CUDA error: out of memory', 'out-of-memory'],
    // disk
    ['No space left on device', 'disk-full'],
    ['OSError: [Errno 28]', 'disk-full'],
    ['The node was low on resource: ephemeral-storage.', 'disk-full'],
    ['DiskPressure', 'disk-full'],
    ['not enough free disk space', 'disk-full'],
    // images
    ['manifest unknown', 'image-not-found'],
    ['pull access denied', 'image-not-found'],
    ['repository does not exist or may require authorization', 'image-not-found'],
    ['unauthorized: authentication required', 'image-not-found'],
    ['not found: manifest', 'image-not-found'],
    ['ImagePullBackOff', 'image-pull'],
    ['ErrImagePull', 'image-pull'],
    ['Failed to pull image "x": context deadline exceeded', 'image-pull'],
    // scheduling
    ['PodScheduled=False (Unschedulable)', 'unschedulable'],
    ["1 node(s) didn't match Pod's node affinity/selector", 'unschedulable'],
    ['3 Insufficient nvidia.com/gpu', 'unschedulable'],
    ['0/3 nodes are available', 'unschedulable'],
    // Kaito's node check
    ['check nodeClaim status timed out', 'nodeclaim-timeout'],
    ['check machine status timed out', 'nodeclaim-timeout'],
    ['nodeClaim ws3f2a9c1d7 is not ready', 'nodeclaim-timeout'],
  ])('%s -> %s', (message, kind) => {
    expect(kindOf(message)).toBe(kind);
  });
});

describe('look-alikes are not taken for a cause', () => {
  test.each([
    [`exceeding approved ${'x'.repeat(81)}quota`, 'words too far apart'],
    [`sku ${'x'.repeat(81)} is not supported`, 'words too far apart'],
    ['AADSTS: no code', 'an Entra prefix without its number'],
    ['3 Insufficient nvidia-com/gpu', 'another resource name'],
    ['nodeClaim is not ready', 'no NodeClaim name'],
  ])('%s (%s)', (message) => {
    expect(kindOf(message)).toBeUndefined();
  });
});
