import { PRODUCT_EVENT_SCHEMAS, ProductEvent } from '../events/product-events';
import { defineProjection, ReadModelDocument, touched } from './projection';

export interface ProductDocument extends ReadModelDocument {
  productId: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  tags: string[];
}

export const ProductProjection = defineProjection<ProductDocument, ProductEvent>({
  name: 'products',
  version: 1,
  topic: { setting: 'PRODUCT_TOPIC', defaultName: 'product-events' },
  idField: 'productId',
  events: PRODUCT_EVENT_SCHEMAS,
  evolve(state, event) {
    switch (event.type) {
      case 'ProductCreated': {
        const d = event.data;
        return {
          productId: event.aggregateId,
          name: d.name,
          description: d.description,
          category: d.category,
          price: d.price,
          currency: d.currency,
          tags: d.tags ?? [],
          createdAt: event.occurredAt,
          updatedAt: event.occurredAt,
          version: event.aggregateVersion,
        };
      }
      case 'ProductUpdated': {
        // An update of a product that does not exist (never created, or deleted) cannot make a whole document.
        if (!state) return null;
        const d = event.data;
        return touched(
          {
            ...state,
            ...(d.name !== undefined && { name: d.name }),
            ...(d.description !== undefined && { description: d.description }),
            ...(d.category !== undefined && { category: d.category }),
            ...(d.tags !== undefined && { tags: d.tags }),
          },
          event,
        );
      }
      case 'ProductPriceChanged': {
        if (!state) return null;
        const d = event.data;
        return touched({ ...state, price: d.newPrice, currency: d.currency ?? state.currency }, event);
      }
      case 'ProductDeleted':
        return null;
      default:
        return state;
    }
  },
});
