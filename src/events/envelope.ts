/** A validated event of a type a projection knows, with its payload typed (rules: schemas/envelope.schema.json). */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  eventId: string;
  type: TType;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: string;
  data: TData;
}

/** The event union of a topic, from a map of each type name to the shape of its `data`. */
export type EventUnion<TDataByType> = { [K in keyof TDataByType & string]: DomainEvent<K, TDataByType[K]> }[keyof TDataByType & string];
