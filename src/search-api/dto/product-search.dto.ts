import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { CommaSeparated, ToArray, ToNumber } from './transforms';
import { PageQuery } from './page-query';

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const PRODUCT_FACETS = ['categories', 'none'] as const;
export type ProductFacetChoice = (typeof PRODUCT_FACETS)[number];

export class ProductSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Free text over name, description, category and tags; typo-tolerant', maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500, { message: 'q must be at most 500 characters' })
  q?: string;

  @ApiPropertyOptional({ description: 'Exact category; repeat for several', type: [String] })
  @IsOptional() @ToArray() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 100, { each: true })
  category?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated tags; all must match', example: 'bugg,foxtrot' })
  @IsOptional() @CommaSeparated() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'minPrice must be a number' }) @Min(0)
  minPrice?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'maxPrice must be a number' }) @Min(0)
  maxPrice?: number;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, default: 'relevance' })
  @IsOptional() @IsIn(PRODUCT_SORTS, { message: `sort must be one of ${PRODUCT_SORTS.join(', ')}` })
  sort?: ProductSort;

  @ApiPropertyOptional({
    enum: PRODUCT_FACETS,
    default: 'categories',
    description:
      '`none` leaves out the category facet and counts matches only up to 1,000 (`totalRelation` then says `gte` when more match): ' +
      'the engine can then skip what cannot reach the page. For search-as-you-type and other requests that show no facets.',
  })
  @IsOptional() @IsIn(PRODUCT_FACETS, { message: `facets must be one of ${PRODUCT_FACETS.join(', ')}` })
  facets?: ProductFacetChoice;
}
