import { Transform } from 'class-transformer';

/** A repeatable query parameter (`?category=a&category=b`) as an array. */
export const ToArray = () => Transform(({ value }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]));

/** A comma-separated query parameter (`?tags=a,b`) as a trimmed array without empties. */
export const CommaSeparated = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
      : value,
  );

/** A number query parameter; anything that is not a plain decimal stays a string and fails IsNumber. */
export const ToNumber = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value));
