import { EventUnion } from './envelope';
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

export type ProductEvent = EventUnion<{
  ProductCreated: ProductCreatedData;
  ProductUpdated: ProductUpdatedData;
  ProductPriceChanged: ProductPriceChangedData;
  ProductDeleted: Record<string, never>;
}>;

export const PRODUCT_EVENT_SCHEMAS = eventSchemas<ProductEvent['type']>('product-events', ['ProductCreated', 'ProductUpdated', 'ProductPriceChanged', 'ProductDeleted']);
