import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The event contract as JSON Schema files: one per event type, plus the envelope and shared definitions. */
export const SCHEMAS_DIR = process.env.EVENT_SCHEMAS_DIR ?? join(__dirname, '..', '..', 'schemas');

const SCHEMA_ID = 'urn:search-indexer:schema:';

/** A compiled check of one part of a message; `errors` describes the last failure. */
export type CompiledCheck = ValidateFunction & { errors?: ErrorObject[] | null };

/** Checks of the `data` of each event type one projection knows; other types on its topic are skipped. */
export type EventSchemas = Readonly<Record<string, CompiledCheck>>;

// The schema's pattern fixes the shape; this checks the values (Date.parse would accept Feb 31 and roll over).
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const two = (text: string, at: number) => (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
export function isRealInstant(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = two(text, 5);
  const day = two(text, 8);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  if (two(text, 11) > 23 || two(text, 14) > 59 || (text[16] === ':' && two(text, 17) > 59)) return false;
  const zone = /[+-](\d{2}):?(\d{2})$/.exec(text);
  return !zone || (Number(zone[1]) <= 23 && Number(zone[2]) <= 59);
}

function createAjv(dir: string): Ajv {
  // allErrors: a dead letter names every broken rule, as the class-validator version did.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, unicodeRegExp: false });
  ajv.addFormat('instant', { type: 'string', validate: isRealInstant });
  const files = (sub: string) => readdirSync(join(dir, sub)).filter((f) => f.endsWith('.schema.json')).map((f) => join(dir, sub, f));
  for (const file of [...files('.'), ...readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => files(d.name))]) {
    ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')));
  }
  return ajv;
}

let shared: Ajv | undefined;
/** One validator instance for the process: every schema is compiled once, on first use. */
const ajv = (): Ajv => (shared ??= createAjv(SCHEMAS_DIR));

function compiled(id: string): CompiledCheck {
  const check = ajv().getSchema(id);
  if (!check) throw new Error(`no JSON schema ${id} in ${SCHEMAS_DIR}`);
  return check;
}

export const envelopeCheck = (): CompiledCheck => compiled(`${SCHEMA_ID}envelope`);

/** The compiled `data` checks of a topic's event types, from `schemas/<topic>/<Type>.schema.json`. */
export function eventSchemas<TType extends string>(topicFolder: string, types: readonly TType[]): Readonly<Record<TType, CompiledCheck>> {
  return Object.fromEntries(types.map((type) => [type, compiled(`${SCHEMA_ID}${topicFolder}:${type}#/definitions/data`)])) as Record<TType, CompiledCheck>;
}
