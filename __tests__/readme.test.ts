import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ENV_SCHEMA } from '../config/schema';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

interface VariableSchema {
  description: string;
  default?: string;
  enum?: string[];
  allowed?: string;
}

/** The configuration table the README must hold, built from the env schema. */
function configTable(): string {
  const schema = z.toJSONSchema(ENV_SCHEMA, { io: 'input' }) as { properties: Record<string, VariableSchema> };
  const rows = Object.entries(schema.properties).map(([name, v]) => {
    const allowed = v.enum ? v.enum.map((e) => `\`${e}\``).join(', ') : v.allowed;
    return `| \`${name}\` | ${v.default === undefined ? '-' : `\`${v.default}\``} | ${allowed} | ${v.description} |`;
  });
  return ['| Variable | Default | Allowed | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

test('the README configuration table matches the env schema', () => {
  expect(README).toContain(configTable());
});

test('the README opens with the two commands: synthesize offline, then test', () => {
  const firstLines = README.split('\n').slice(0, 15).join('\n');
  expect(firstLines).toContain('npm ci && npm run synth');
  expect(firstLines).toContain('npm test');
});
