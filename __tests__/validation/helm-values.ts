/**
 * Finds the keys of `values` that a chart's default values do not have: a misspelt key that Helm
 * would ignore without a word. A default that is an empty map (`podAnnotations: {}`) accepts any
 * key; a default list of `{name, value}` pairs (`controller.env`) accepts only the names it lists.
 */
export function unknownValueKeys(values: unknown, defaults: unknown, path = ''): string[] {
  if (Array.isArray(values)) {
    if (!Array.isArray(defaults)) return [path || '(root)'];
    const names = defaults.filter(isMap).map((d) => d.name);
    if (names.length === 0) return [];
    return values
      .filter(isMap)
      .filter((v) => !names.includes(v.name))
      .map((v) => `${path}[name=${String(v.name)}]`);
  }
  if (!isMap(values)) return [];
  if (!isMap(defaults)) return [path || '(root)'];
  if (Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    return key in defaults ? unknownValueKeys(value, defaults[key], at) : [at];
  });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
