/**
 * Checks the values kaito-aks passes to a Helm chart against that chart version's default values:
 * Helm ignores a key its templates never read, so a misspelt or outdated key fails silently at
 * install. Every key we pass must exist in the chart's `values.yaml`.
 */

/** One value that the chart's defaults do not account for. */
export interface ValuesFinding {
  /** Dotted path of the value, e.g. `controller.envv`. */
  readonly path: string;
  /** What is wrong. */
  readonly problem: string;
}

/**
 * Compares `values` with the chart's `defaults`, key by key.
 *
 * - A key absent from the defaults is unknown.
 * - A default that is an empty map (`podAnnotations: {}`) or empty (`clusterName:` = null) is open:
 *   anything below it is accepted, the chart declares the key without a shape.
 * - Lists are replaced whole by Helm, so they are not merged or walked, with one exception: a
 *   default list of `{ name, value }` entries (a container's `env`) names the variables the
 *   program reads, so every entry we pass must carry one of those names.
 * - A map passed where the default is a scalar or a list, or a scalar or list where the default is a
 *   non-empty map, is a shape mismatch: the chart's templates would read it the wrong way.
 */
export function checkValues(values: unknown, defaults: unknown, path = ''): ValuesFinding[] {
  if (defaults === null || defaults === undefined) return [];
  if (Array.isArray(values) && Array.isArray(defaults)) return checkNamedEntries(values, defaults, path);
  if (!isMap(values)) {
    return isMap(defaults) && Object.keys(defaults).length > 0
      ? [
          {
            path: path || '(root)',
            problem: `is a ${shape(values)}, the chart's default is a map with keys ${Object.keys(defaults).join(', ')}`,
          },
        ]
      : [];
  }
  if (!isMap(defaults)) {
    return [{ path: path || '(root)', problem: `is a map, the chart's default is a ${shape(defaults)}` }];
  }
  if (Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (!(key in defaults)) {
      return [{ path: at, problem: `unknown key: not in the chart's default values (known here: ${Object.keys(defaults).join(', ')})` }];
    }
    return checkValues(value, defaults[key], at);
  });
}

/** Counts the leaf values of `values` (what {@link checkValues} looked at), for the report. */
export function countLeaves(values: unknown): number {
  if (!isMap(values)) return 1;
  return Object.values(values).reduce<number>((sum, v) => sum + countLeaves(v), 0);
}

/** Checks the names of `{ name, value }` entries against the names the chart's default list holds. */
function checkNamedEntries(values: unknown[], defaults: unknown[], path: string): ValuesFinding[] {
  const known = defaults.filter(isMap).map((d) => d.name);
  if (known.length === 0 || known.some((n) => typeof n !== 'string')) return [];
  return values
    .filter(isMap)
    .filter((v) => !known.includes(v.name))
    .map((v) => ({ path: `${path}[name=${String(v.name)}]`, problem: `not one of the names the chart lists: ${known.join(', ')}` }));
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shape(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value;
}
