import { IsDefined, IsInt, IsObject, IsString, IsUUID, Matches, Min, MinLength } from 'class-validator';

/** ISO-8601 instant with an explicit zone, as the contract's `occurredAt` requires. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The envelope every event on every topic carries (the contract's "Envelope" table). */
export class EventEnvelope {
  @IsUUID('all') eventId!: string;
  @IsString() @MinLength(1) type!: string;
  @IsUUID('all') aggregateId!: string;
  @IsInt() @Min(1) aggregateVersion!: number;
  @IsString() @Matches(ISO_INSTANT, { message: 'occurredAt must be an ISO-8601 instant with a zone' })
  occurredAt!: string;
  @IsDefined() @IsObject() data!: Record<string, unknown>;
}

/** A validated event of a type a projection knows, with its payload typed. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  eventId: string;
  type: TType;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: string;
  data: TData;
}
