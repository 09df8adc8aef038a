import { ErrorObject } from 'ajv';
import { EventUnion } from './envelope';
import { CompiledCheck, eventSchemas } from './event-schemas';

/** Payloads of `dance-events`; their rules live in schemas/dance-events/*.schema.json. */
export interface DanceEventCreatedData {
  danceHallId: string;
  startsAt: string;
  endsAt?: string;
  title?: string;
  description?: string;
  bandId?: string;
  bandName?: string;
  price?: number;
  currency?: string;
}

export type DanceEventEvent = EventUnion<{
  DanceEventCreated: DanceEventCreatedData;
  DanceEventUpdated: Partial<DanceEventCreatedData>;
  DanceEventDeleted: Record<string, never>;
}>;

const endsBeforeStart: ErrorObject = {
  instancePath: '/endsAt',
  schemaPath: '#/endsAt',
  keyword: 'endsAt',
  params: {},
  message: 'must not be before startsAt',
};

/** JSON Schema cannot compare two fields; this adds the contract's "endsAt not before startsAt" to a check. */
function withEndsAtRule(check: CompiledCheck): CompiledCheck {
  const both = ((data: unknown) => {
    if (!check(data)) {
      both.errors = check.errors;
      return false;
    }
    const d = data as Partial<DanceEventCreatedData>;
    const broken = d.startsAt !== undefined && d.endsAt !== undefined && Date.parse(d.endsAt) < Date.parse(d.startsAt);
    both.errors = broken ? [endsBeforeStart] : null;
    return !broken;
  }) as CompiledCheck;
  return both;
}

const schemas = eventSchemas<DanceEventEvent['type']>('dance-events', ['DanceEventCreated', 'DanceEventUpdated', 'DanceEventDeleted']);

export const DANCE_EVENT_SCHEMAS: Readonly<Record<DanceEventEvent['type'], CompiledCheck>> = {
  ...schemas,
  DanceEventCreated: withEndsAtRule(schemas.DanceEventCreated),
  DanceEventUpdated: withEndsAtRule(schemas.DanceEventUpdated),
};
