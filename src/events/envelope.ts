/** A validated event of a type a projection knows, with its payload typed (rules: schemas/envelope.schema.json). */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  eventId: string;
  type: TType;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: string;
  data: TData;
}
