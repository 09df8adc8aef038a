import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { describeValidationError } from '../../src/http/query-validation.pipe';
import { ProductSearchQuery } from '../../src/search-api/dto/product-search.dto';

const firstProblem = (query: Record<string, string>) => {
  const errors = validateSync(plainToInstance(ProductSearchQuery, query), { whitelist: true, forbidNonWhitelisted: true });
  return describeValidationError(errors[0]);
};

describe('validation errors as 400 answers', () => {
  it.each([
    [{ catgory: 'shoes' }, 'unknown_parameter', "unknown parameter 'catgory'"],
    [{ q: 'x'.repeat(501) }, 'query_too_long', 'q must be at most 500 characters'],
    [{ minPrice: 'cheap' }, 'invalid_parameter', 'minPrice must be a number'],
    [{ minPrice: '-1' }, 'out_of_range', 'minPrice must not be less than 0'],
    [{ sort: 'random' }, 'invalid_parameter', 'sort must be one of relevance, price_asc, price_desc, newest'],
  ])('%j -> %s', (query, code, message) => {
    expect(firstProblem(query)).toEqual({ code, message });
  });

  it('names the property when a rule has no message', () => {
    const bare = Object.assign(new ValidationError(), { property: 'size', constraints: {} });
    expect(describeValidationError(bare)).toEqual({ code: 'invalid_parameter', message: 'size is invalid' });
  });
});
