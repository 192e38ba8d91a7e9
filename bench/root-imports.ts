/**
 * Turns our deep provider imports into the root imports of the cdktf TypeScript template, so the
 * bench can time the same program the template-default way. Only the bench's scratch copies are
 * rewritten; the repository keeps deep imports (see `__tests__/lint/provider-imports.test.ts`).
 *
 * `import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';` becomes an
 * import of `kubernetesCluster as __root0` from the package root `@cdktf/provider-azurerm`, plus
 * `import KubernetesCluster = __root0.KubernetesCluster;`, which serves both values and types.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DEEP_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*(['"])(@cdktf\/provider-[a-z0-9-]+)\/lib\/([a-z0-9-]+)\3\s*;?/g;
const ANY_DEEP_SPECIFIER = /['"]@cdktf\/provider-[a-z0-9-]+\/lib\/[^'"]*['"]/;
const NAMESPACE_EXPORT = /^export \* as (\w+) from '\.\/([a-z0-9-]+)';$/gm;

/** Maps a provider package's module folders to the namespace names its root index exports. */
export type NamespaceLookup = (pkg: string) => ReadonlyMap<string, string>;

/** Reads `lib/index.d.ts` of each provider package once, resolving packages from `fromDir`. */
export function namespaceLookup(fromDir: string): NamespaceLookup {
  const cache = new Map<string, ReadonlyMap<string, string>>();
  return (pkg) => {
    let namespaces = cache.get(pkg);
    if (!namespaces) {
      const packageDir = dirname(require.resolve(`${pkg}/package.json`, { paths: [fromDir] }));
      const index = readFileSync(join(packageDir, 'lib', 'index.d.ts'), 'utf8');
      namespaces = new Map([...index.matchAll(NAMESPACE_EXPORT)].map((m) => [m[2], m[1]]));
      cache.set(pkg, namespaces);
    }
    return namespaces;
  };
}

/**
 * Rewrites every deep provider import of `source` (a file named `file`, for messages) into a root
 * import. Throws when a deep import is left that this rewrite does not understand.
 */
export function toRootImports(source: string, file: string, namespaces: NamespaceLookup): string {
  let next = 0;
  const rewritten = source.replace(
    DEEP_IMPORT,
    (_match, _type: string | undefined, names: string, _quote: string, pkg: string, mod: string) => {
      const namespace = namespaces(pkg).get(mod);
      if (!namespace) throw new Error(`${file}: ${pkg} has no root export for lib/${mod}`);
      const local = `__root${next++}`;
      const aliases = names
        .split(',')
        .map((n) => n.trim().replace(/^type\s+/, ''))
        .filter((n) => n.length > 0)
        .map((n) => {
          const [imported, as] = n.split(/\s+as\s+/);
          return `import ${as ?? imported} = ${local}.${imported};`;
        });
      return [`import { ${namespace} as ${local} } from '${pkg}';`, ...aliases].join('\n');
    },
  );
  const left = ANY_DEEP_SPECIFIER.exec(rewritten);
  if (left) throw new Error(`${file}: cannot rewrite ${left[0]} into a root import; use the named-import form`);
  return rewritten;
}
