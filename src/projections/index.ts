import { BandProjection } from './band.projection';
import { DanceEventProjection } from './dance-event.projection';
import { DanceHallProjection } from './dance-hall.projection';
import { ProductProjection } from './product.projection';
import { Projection } from './projection';
import { UserPreferencesProjection } from './user-preferences.projection';

/**
 * Every projection the service runs; configuration, topic creation, status, admin, CLI, demo, tests and
 * bench all read this list. Adding one: its events file, its projection file, its mapping, one line here.
 */
export const PROJECTIONS: readonly Projection[] = [
  ProductProjection,
  DanceHallProjection,
  BandProjection,
  UserPreferencesProjection,
  DanceEventProjection,
];

export const findProjection = (name: string, projections: readonly Projection[] = PROJECTIONS): Projection | undefined =>
  projections.find((p) => p.name === name);

export type { Projection } from './projection';
