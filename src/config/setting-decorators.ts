import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

// Decorators of AppConfig's settings: each reads a setting from its string and names it in its message.

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const blankIsUnset = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : trimmed({ value });
const asBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

/** A true/false setting (also 1/0), optional, with one message naming it. */
export function BoolSetting(): PropertyDecorator {
  return (target, property) => {
    Transform(asBoolean)(target, property);
    IsOptional()(target, property);
    IsBoolean({ message: `${String(property)} must be true or false` })(target, property);
  };
}

/** A whole-number setting: read from its string, then checked against its bounds with one message naming it. */
export function IntSetting(expects: string, min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return (target, property) => {
    const message = `${String(property)} must be an integer ${expects}`;
    Transform(({ value }) => (value === undefined || value === '' ? value : Number(value)))(target, property);
    IsInt({ message })(target, property);
    Min(min, { message })(target, property);
    Max(max, { message })(target, property);
  };
}
