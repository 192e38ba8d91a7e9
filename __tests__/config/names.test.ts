import { AZURE_NAME_LIMITS, azureNames, boundedName, DNS_1123_LABEL, serviceAccountSubject, workspaceName } from '../../config/names';

describe('azureNames', () => {
  test('prefixes each name with its type and lowercases the environment', () => {
    expect(azureNames('Kaito-Dev')).toEqual({
      resourceGroup: 'rg-kaito-dev',
      cluster: 'aks-kaito-dev',
      dnsPrefix: 'aks-kaito-dev',
      nodeResourceGroup: 'rg-kaito-dev-aks-nodes',
      provisionerIdentity: 'id-kaito-dev-kaito-provisioner',
      aiServiceIdentity: 'id-kaito-dev-ai-service',
      openAiAccount: 'oai-kaito-dev',
    });
  });

  test('the longest environment name azd allows still gives names within every Azure limit', () => {
    const names = azureNames('a'.repeat(64));
    expect(names.resourceGroup.length).toBeLessThanOrEqual(AZURE_NAME_LIMITS.resourceGroup);
    expect(names.cluster.length).toBeLessThanOrEqual(AZURE_NAME_LIMITS.cluster);
    expect(names.dnsPrefix.length).toBeLessThanOrEqual(AZURE_NAME_LIMITS.dnsPrefix);
    expect(names.nodeResourceGroup.length).toBeLessThanOrEqual(AZURE_NAME_LIMITS.nodeResourceGroup);
    // the custom subdomain appends "-" and 8 hex characters
    expect(names.openAiAccount.length + 9).toBeLessThanOrEqual(AZURE_NAME_LIMITS.openAiAccount);
    for (const name of Object.values(names)) expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  });

  test('two long names that share a prefix do not collide', () => {
    expect(azureNames(`${'a'.repeat(60)}-one`).cluster).not.toBe(azureNames(`${'a'.repeat(60)}-two`).cluster);
  });
});

describe('boundedName', () => {
  test('keeps a short name as it is', () => {
    expect(boundedName('aks-kaito', 63)).toBe('aks-kaito');
  });

  test('cuts a long name and ends it with a stable 8-hex hash', () => {
    const name = boundedName(`aks-${'x'.repeat(80)}`, 63);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/-[0-9a-f]{8}$/);
    expect(boundedName(`aks-${'x'.repeat(80)}`, 63)).toBe(name);
  });

  test('never leaves a double hyphen at the cut', () => {
    expect(boundedName(`${'a'.repeat(53)}-----${'b'.repeat(20)}`, 63)).not.toContain('--');
  });
});

describe('workspaceName', () => {
  test.each([
    ['falcon-7b-instruct', 'workspace-falcon-7b-instruct'],
    ['microsoft/Phi-4-mini-instruct', 'workspace-microsoft-phi-4-mini-instruct'],
    ['Qwen/Qwen3.5-2B', 'workspace-qwen-qwen3-5-2b'],
  ])('%s -> %s', (preset, expected) => {
    expect(workspaceName(preset)).toBe(expected);
  });

  test('a very long preset name still gives a DNS label', () => {
    const name = workspaceName('nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4-with-a-much-longer-suffix');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(DNS_1123_LABEL);
  });
});

test('serviceAccountSubject is the exact subject Kubernetes puts in its tokens', () => {
  expect(serviceAccountSubject({ namespace: 'pets', serviceAccount: 'ai-service-account' })).toBe(
    'system:serviceaccount:pets:ai-service-account',
  );
});
