import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SCHEMA } from '../config/schema';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The configuration table the README must hold, built from the env schema. */
function configTable(): string {
  const rows = Object.entries(ENV_SCHEMA).map(([name, v]) => {
    const allowed = typeof v.allowed === 'string' ? v.allowed : v.allowed.map((e) => `\`${e}\``).join(', ');
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
