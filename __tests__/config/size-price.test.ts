/**
 * The config's size decision by price: the default follows AZURE_LOCATION's prices, the config
 * carries the price of the size used and the catalog's choice, and a suggestion says "cheapest" only
 * when the price table backs it ("smallest" otherwise).
 */
import { loadConfig } from '../../config';
import { problemWith } from './helpers';
import { estimated } from './helpers';

jest.mock('../../catalog', () => {
  const actual = jest.requireActual('../../catalog');
  return { ...actual, chooseSize: jest.fn(actual.chooseSize) };
});
const catalog = jest.requireMock('../../catalog') as typeof import('../../catalog');
const actual = jest.requireActual('../../catalog') as typeof import('../../catalog');

afterEach(() => (catalog.chooseSize as jest.Mock).mockImplementation(actual.chooseSize));

describe('the default size and its price', () => {
  test('ministral-3-8b-instruct at 0.10.0: one A100 node at its eastus list price', () => {
    const kaito = estimated(loadConfig({ KAITO_MODEL: 'ministral-3-8b-instruct' }).kaito);
    expect([kaito.instanceType.name, kaito.nodesToRequest, kaito.instanceTypeChosenBy]).toEqual(['Standard_NC24ads_A100_v4', 1, 'catalog']);
    expect(kaito.price).toEqual({ hourly: 3.673, region: 'eastus', fallback: false });
    expect(kaito.catalogChoice.fit.sku.name).toBe('Standard_NC24ads_A100_v4');
  });

  test("AZURE_LOCATION's prices decide, and the price is that region's", () => {
    expect(catalog.chooseSize).not.toHaveBeenCalledWith(expect.anything(), 'swedencentral');
    const { kaito } = loadConfig({ AZURE_LOCATION: 'swedencentral' });
    expect(catalog.chooseSize).toHaveBeenCalledWith(kaito.preset, 'swedencentral');
    expect(kaito.price).toEqual({ hourly: 4.16, region: 'swedencentral', fallback: false });
  });

  test('a forced size keeps its own price and the catalog choice to compare with', () => {
    const kaito = estimated(loadConfig({ KAITO_MODEL: 'phi-3-medium-4k-instruct', KAITO_INSTANCE_TYPE: 'Standard_NV72ads_A10_v5' }).kaito);
    expect([kaito.instanceTypeChosenBy, kaito.price?.hourly]).toEqual(['user', 6.52]);
    expect([kaito.catalogChoice.fit.sku.name, kaito.catalogChoice.price?.hourly]).toEqual(['Standard_NC24ads_A100_v4', 3.673]);
  });
});

describe('the size a bad KAITO_INSTANCE_TYPE is told to use', () => {
  test('"the cheapest size that fits" when the price table backs it', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain(
      '; use Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), the cheapest size that fits falcon-7b-instruct,',
    );
  });

  test('"the smallest size that fits" when no size that fits has a price', () => {
    (catalog.chooseSize as jest.Mock).mockImplementation((preset, region) => ({
      ...actual.chooseSize(preset, region)!,
      price: undefined,
      basis: 'size',
    }));
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain(
      '; use Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), the smallest size that fits falcon-7b-instruct,',
    );
    expect(issue.message).not.toContain('cheapest');
  });
});
