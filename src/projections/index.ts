import { DanceHallProjection } from './dance-hall.projection';
import { ProductProjection } from './product.projection';
import { Projection } from './projection';

/** Every projection the service runs. Adding one is a file beside these plus its index mapping. */
export const PROJECTIONS: readonly Projection[] = [
  ProductProjection,
  DanceHallProjection,
];

export const findProjection = (name: string): Projection | undefined => PROJECTIONS.find((p) => p.name === name);

export type { Projection } from './projection';
