// Validates Kubernetes objects (a JSON array on stdin) with kubernetes-models, whose validators are
// compiled from the Kubernetes 1.33 OpenAPI schemas (kubernetes-models 4.5.1, the last release that runs on Node 20). An ES module, run by node itself: jest's module
// system cannot load kubernetes-models, which ships ES modules only. Prints one result per object.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const group = object.apiVersion.includes('/') ? object.apiVersion : `v1`;
  const id = `${object.apiVersion} ${object.kind}/${object.metadata?.name}`;
  try {
    const module = await import(`kubernetes-models/${group}/${object.kind}`);
    new module[object.kind](object).validate();
    results.push({ id, valid: true });
  } catch (error) {
    results.push({ id, valid: false, error: String(error.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
