/**
 * Messages for catalog verdicts that today's pinned data never produces (every preset fits some
 * size; no size's runtime overhead fills its GPU), so that a catalog update which does produce them
 * meets a tested message. The catalog's verdicts are replaced for one call each.
 */
import type { Fit } from '../../catalog';
import { loadConfig } from '../../config';
import { estimated, problems } from './helpers';

jest.mock('../../catalog', () => {
  const actual = jest.requireActual('../../catalog');
  return { ...actual, chooseSize: jest.fn(actual.chooseSize), estimateFit: jest.fn(actual.estimateFit) };
});
const catalog = jest.requireMock('../../catalog') as typeof import('../../catalog');
const actual = jest.requireActual('../../catalog') as typeof import('../../catalog');

afterEach(() => {
  (catalog.chooseSize as jest.Mock).mockImplementation(actual.chooseSize);
  (catalog.estimateFit as jest.Mock).mockImplementation(actual.estimateFit);
});

describe('catalog verdicts the pinned data does not produce', () => {
  test('fails when no GPU size can hold the model, naming the model, its weights and the release', () => {
    const preset = estimated(loadConfig({}).kaito).preset;
    (catalog.chooseSize as jest.Mock).mockReturnValue(undefined);
    expect(problems({})).toEqual([
      {
        variable: 'KAITO_MODEL',
        value: 'falcon-7b-instruct (default)',
        message: `no GPU size that Kaito 0.10.0 lists can hold falcon-7b-instruct (${preset.modelSizeGiB} GiB of weights); choose a smaller model`,
      },
    ]);
  });

  test('fails when the runtime overhead alone fills the GPU of the size chosen, with both amounts', () => {
    const sku = actual.findGpuSku('Standard_NV36ads_A10_v5');
    if (!sku) throw new Error('Standard_NV36ads_A10_v5 is no longer in the catalog');
    const overhead: Fit = {
      sku,
      failure: 'OVERHEAD_EXCEEDS_GPU',
      availableGiBPerGpu: 20.16,
      requiredGiBOnOneGpu: 31.5,
      requiredGiBPerGpu: 31.5,
      gpusNeeded: 0,
      nodesNeeded: 0,
    };
    (catalog.estimateFit as jest.Mock).mockReturnValue(overhead);
    expect(problems({ KAITO_INSTANCE_TYPE: 'Standard_NV36ads_A10_v5' })).toEqual([
      {
        variable: 'KAITO_INSTANCE_TYPE',
        value: 'Standard_NV36ads_A10_v5',
        message:
          'too little GPU memory: Standard_NV36ads_A10_v5 offers 20.16 GiB per GPU, less than the runtime overhead alone (falcon-7b-instruct needs 31.5 GiB on one GPU, weights included)' +
          '; use Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), the cheapest size that fits falcon-7b-instruct, or unset it to get that default',
      },
    ]);
  });
});
