/**
 * Provisioned Azure OpenAI deployments count capacity in PTUs, with a minimum and a step per model and
 * deployment type (issue 28, kind 6), from catalog/data/azure-openai-ptu.json.
 */
import { loadConfig } from '../../config';
import { formatSummary } from '../../summary';
import { problemWith } from './helpers';

const GLOBAL = { AZURE_OPENAI_SKU: 'GlobalProvisionedManaged' };

describe('AZURE_OPENAI_CAPACITY with a provisioned SKU', () => {
  test.each([
    ['GlobalProvisionedManaged', '1', 'at least 15, in steps of 5; the smallest is 15'],
    ['GlobalProvisionedManaged', '7', 'at least 15, in steps of 5; the smallest is 15'],
    ['DataZoneProvisionedManaged', '17', 'at least 15, in steps of 5; the nearest are 15 or 20'],
    ['ProvisionedManaged', '30', 'at least 25, in steps of 25; the nearest are 25 or 50'],
  ])('fails when AZURE_OPENAI_SKU=%s and AZURE_OPENAI_CAPACITY=%s (gpt-4.1-mini)', (sku, capacity, said) => {
    const issue = problemWith({ AZURE_OPENAI_SKU: sku, AZURE_OPENAI_CAPACITY: capacity }, 'AZURE_OPENAI_CAPACITY');
    expect(issue.message).toContain(`${sku} deployments of gpt-4.1-mini take capacity in PTUs`);
    expect(issue.message).toContain(said);
    expect(issue.message).toContain('catalog/data/azure-openai-ptu.json, retrieved 2026-12-07');
    expect(issue.message).toContain('billed by the hour for its PTUs whether it is used or not');
  });

  test('fails with the default capacity of 10, naming it as the default', () => {
    const issue = problemWith(GLOBAL, 'AZURE_OPENAI_CAPACITY');
    expect(issue.value).toBe('10 (default)');
    expect(issue.message).toContain('the smallest is 15');
  });

  test.each([
    ['GlobalProvisionedManaged', '15'],
    ['GlobalProvisionedManaged', '40'],
    ['DataZoneProvisionedManaged', '20'],
    ['ProvisionedManaged', '50'],
  ])('AZURE_OPENAI_SKU=%s with %s PTUs passes', (sku, capacity) => {
    expect(loadConfig({ AZURE_OPENAI_SKU: sku, AZURE_OPENAI_CAPACITY: capacity }).openAi.capacity).toBe(Number(capacity));
  });

  test('standard SKUs keep counting thousands of tokens per minute: 7 passes', () => {
    expect(loadConfig({ AZURE_OPENAI_CAPACITY: '7' }).openAi.capacity).toBe(7);
  });

  test('the summary says PTU deployments bill by the hour whether used or not', () => {
    const config = loadConfig({ ...GLOBAL, AZURE_OPENAI_CAPACITY: '15', DEPLOY_AZURE_OPENAI: 'true' });
    const text = formatSummary(config, [], 'cdktf.out');
    expect(text).toContain('OpenAI PTUs   15 PTUs of GlobalProvisionedManaged: billed by the hour whether used or not');
    expect(formatSummary(loadConfig({ DEPLOY_AZURE_OPENAI: 'true' }), [], 'cdktf.out')).not.toContain('PTUs');
  });
});
