import { Token } from 'cdktf';
import { requireWholeNumber } from '../../constructs/guards';

describe('requireWholeNumber', () => {
  test.each([1, 2, 40])('accepts %d of 1 or more', (value) => {
    expect(() => requireWholeNumber('AiService', 'replicas', value, { min: 1 })).not.toThrow();
  });

  test.each([0, -1, 1.5, Number.NaN])('fails when the value is %d, naming construct, prop and value', (value) => {
    expect(() => requireWholeNumber('AiService', 'replicas', value, { min: 1 })).toThrow(
      `AiService replicas must be a whole number of 1 or more, got ${value}`,
    );
  });

  test('fails outside a bounded range, saying where the range comes from', () => {
    expect(() => requireWholeNumber('AksCluster', 'logRetentionDays', 731, { min: 30, max: 730, source: "Log Analytics' range" })).toThrow(
      "AksCluster logRetentionDays must be a whole number from 30 to 730 (Log Analytics' range), got 731",
    );
  });

  test('leaves a Terraform token unchecked', () => {
    expect(() => requireWholeNumber('AzureOpenAi', 'capacity', Token.asNumber('${var.capacity}'), { min: 1 })).not.toThrow();
  });
});
