/**
 * Chart repository mirrors (KAITO_CHART_REPOSITORY, GPU_PROVISIONER_CHART_REPOSITORY,
 * STORE_CHART_REPOSITORY): which URLs are accepted, and the whole message for each kind of bad one.
 */
import { CHART_REPOSITORY_RULE, chartRepositoryProblem } from '../../config/schema';
import { problems } from './helpers';

const CREDENTIALS =
  'holds credentials (user:password@), which would be written into cdk.tf.json and the Terraform state; give the URL without them and sign Helm in to the mirror outside kaito-aks';
const QUERY = 'must have no query (?...) or fragment (#...): Helm appends index.yaml or the chart name to the URL';
const FILE = "names a file; give the repository's base URL (Helm appends index.yaml, or the chart name for oci://)";

describe('chartRepositoryProblem', () => {
  test.each([
    'https://charts.example.com/kaito',
    'oci://myregistry.azurecr.io/helm',
    'http://127.0.0.1:8080/charts',
    'http://localhost/charts',
    'http://[::1]:5000/charts',
    // a path segment that only contains ".tgz" or ".yaml" is a directory, not a file
    'https://charts.example.com/kaito.tgz/charts',
    'https://charts.example.com/values.yaml.d/',
  ])('accepts %s', (url) => {
    expect(chartRepositoryProblem(url)).toBeUndefined();
  });

  test.each([
    // not a URL at all, or a scheme other than https/oci
    ['charts.example.com/kaito', CHART_REPOSITORY_RULE],
    ['ftp://charts.example.com/kaito', CHART_REPOSITORY_RULE],
    // a scheme other than http is refused on the loopback address too
    ['ftp://localhost/charts', CHART_REPOSITORY_RULE],
    ['ftp://127.0.0.1/charts', CHART_REPOSITORY_RULE],
    ['http://charts.example.com/kaito', CHART_REPOSITORY_RULE],
    // an oci: URL without "//" parses with an empty host
    ['oci:myregistry.azurecr.io/helm', CHART_REPOSITORY_RULE],
    ['https://charts.example.com/ka ito', CHART_REPOSITORY_RULE],
    // a user alone, a password alone, or both
    ['https://user@charts.example.com/kaito', CREDENTIALS],
    ['https://:secret@charts.example.com/kaito', CREDENTIALS],
    ['https://user:secret@charts.example.com/kaito', CREDENTIALS],
    // a query or fragment, empty ones included (the parser drops an empty one from search/hash)
    ['https://charts.example.com/kaito?ref=main', QUERY],
    ['https://charts.example.com/kaito#top', QUERY],
    ['https://charts.example.com/kaito?', QUERY],
    ['https://charts.example.com/kaito#', QUERY],
    // a file: index.yaml, index.yml, a packaged chart, any case
    ['https://charts.example.com/kaito/index.yaml', FILE],
    ['https://charts.example.com/kaito/index.yml', FILE],
    ['https://charts.example.com/kaito/INDEX.YML', FILE],
    ['oci://myregistry.azurecr.io/helm/kaito-0.5.0.tgz', FILE],
  ])('refuses %s', (url, message) => {
    expect(chartRepositoryProblem(url)).toBe(message);
  });
});

describe('the chart repository variables', () => {
  test.each([
    // the user and password are never printed, not even the user alone
    [
      'KAITO_CHART_REPOSITORY',
      'https://user@charts.example.com/kaito',
      CREDENTIALS,
      'https://<user and password hidden>@charts.example.com/kaito',
    ],
    ['GPU_PROVISIONER_CHART_REPOSITORY', 'oci:myregistry.azurecr.io/helm', CHART_REPOSITORY_RULE, undefined],
    ['STORE_CHART_REPOSITORY', 'https://charts.example.com/store/index.yml', FILE, undefined],
    ['STORE_CHART_REPOSITORY', 'https://charts.example.com/store?', QUERY, undefined],
  ])('fails when %s=%s, with the whole reason', (variable, value, message, shown) => {
    expect(problems({ [variable]: value })).toEqual([{ variable, value: shown ?? value, message }]);
  });
});
