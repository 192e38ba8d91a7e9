/**
 * With KAITO_INSTALL=aks-addon and no KAITO_VERSION, the release train is the Kaito version the
 * add-on is assumed to run (AKS_ADDON_TRAIN), not the Helm default (the model is one both releases serve). Both are 0.10.0 in the pinned
 * data, so the add-on's assumption is moved to 0.12.0 here to tell the two apart.
 */
import { loadConfig } from '../../config';
import { DEFAULT_RELEASE } from '../../catalog/release-trains';

jest.mock('../../catalog/install-modes', () => {
  const actual = jest.requireActual('../../catalog/install-modes');
  return { ...actual, AKS_ADDON_TRAIN: { ...actual.AKS_ADDON_TRAIN, assumedKaitoVersion: '0.12.0' } };
});

describe('the release train when KAITO_VERSION is unset', () => {
  test.each([
    ['aks-addon', '0.12.0'],
    ['helm', DEFAULT_RELEASE],
  ])('with KAITO_INSTALL=%s is %s', (install, version) => {
    expect(DEFAULT_RELEASE).not.toBe('0.12.0');
    expect(loadConfig({ KAITO_INSTALL: install, KAITO_MODEL: 'phi-4-mini-instruct' }).kaito.release.version).toBe(version);
  });

  test('an explicit KAITO_VERSION wins over the add-on assumption', () => {
    expect(
      loadConfig({ KAITO_INSTALL: 'aks-addon', KAITO_VERSION: '0.10.0', KAITO_MODEL: 'phi-4-mini-instruct' }).kaito.release.version,
    ).toBe('0.10.0');
  });
});
