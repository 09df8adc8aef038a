import { nextIndexName, physicalIndexName, physicalIndexPattern, readAlias, sequenceOf } from '../../src/indices/index-names';

describe('index names', () => {
  const products = { name: 'products' };

  it('puts the prefix before the alias and numbers physical indices with six digits', () => {
    expect(readAlias('staging-', products)).toBe('staging-products');
    expect(physicalIndexName('staging-', products, 7)).toBe('staging-products-000007');
    expect(physicalIndexPattern('', products)).toBe('products-*');
  });

  it('reads the sequence number back, and nothing from a name without one', () => {
    expect(sequenceOf('products-000042')).toBe(42);
    expect(sequenceOf('products-1234567')).toBe(1234567);
    expect(sequenceOf('products-old')).toBeUndefined();
  });

  it('continues after the highest existing number, gaps and strays included', () => {
    expect(nextIndexName('', products, [])).toBe('products-000001');
    expect(nextIndexName('', products, ['products-000001', 'products-000004', 'products-000002'])).toBe('products-000005');
    expect(nextIndexName('', products, ['products-restored'])).toBe('products-000001');
  });
});
