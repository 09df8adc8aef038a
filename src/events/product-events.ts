import { DomainEvent } from './envelope';
import { eventSchemas } from './event-schemas';

/** Payloads of `product-events`; their rules live in schemas/product-events/*.schema.json. */
export interface ProductCreatedData {
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  tags?: string[];
}

export type ProductUpdatedData = Partial<Pick<ProductCreatedData, 'name' | 'description' | 'category' | 'tags'>>;

export interface ProductPriceChangedData {
  newPrice: number;
  currency?: string;
}

export type ProductDeletedData = Record<string, never>;

export type ProductEvent =
  | DomainEvent<'ProductCreated', ProductCreatedData>
  | DomainEvent<'ProductUpdated', ProductUpdatedData>
  | DomainEvent<'ProductPriceChanged', ProductPriceChangedData>
  | DomainEvent<'ProductDeleted', ProductDeletedData>;

export const PRODUCT_EVENT_SCHEMAS = eventSchemas<ProductEvent['type']>('product-events', [
  'ProductCreated',
  'ProductUpdated',
  'ProductPriceChanged',
  'ProductDeleted',
]);
