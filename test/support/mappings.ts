import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Index mappings where a price must be a whole number: the engine refuses products the usual mapping takes. */
export function stricterMappings(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mappings-'));
  cpSync(join(__dirname, '..', '..', 'index-mappings'), dir, { recursive: true });
  const file = join(dir, 'products.json');
  const definition = JSON.parse(readFileSync(file, 'utf8'));
  definition.mappings.properties.price = { type: 'integer', coerce: false };
  writeFileSync(file, JSON.stringify(definition));
  return dir;
}
