import { ErrorObject } from 'ajv';

const MAX_VALUE_CHARS = 60;

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
};

const pathOf = (prefix: string, instancePath: string): string => {
  const path = instancePath.split('/').filter(Boolean).join('.');
  return [prefix, path].filter(Boolean).join('.');
};

/**
 * Turns a schema failure into the message a dead letter carries: each broken rule with its field path,
 * "at least one of" for the contract's *Updated events instead of ajv's one error per anyOf branch.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], prefix = ''): string {
  const messages: string[] = [];
  for (const e of errors) {
    if (e.schemaPath.includes('/anyOf/')) continue;
    const where = pathOf(prefix, e.instancePath);
    if (e.keyword === 'anyOf') {
      const fields = errors
        .filter((b) => b.keyword === 'required' && b.schemaPath.includes('/anyOf/') && b.instancePath === e.instancePath)
        .map((b) => (b.params as { missingProperty: string }).missingProperty);
      messages.push(`${where || 'value'} must contain at least one of ${fields.join(', ')}`);
    } else if (e.keyword === 'required') {
      messages.push(`${pathOf(where, (e.params as { missingProperty: string }).missingProperty)}: is required`);
    } else if (e.keyword === 'enum' || e.keyword === 'pattern' || e.keyword === 'format' || e.keyword === 'const') {
      messages.push(`${where}: ${e.message} (got ${shown(e.data)})`);
    } else {
      messages.push(`${where || 'value'}: ${e.message}`);
    }
  }
  return messages.join('; ');
}
