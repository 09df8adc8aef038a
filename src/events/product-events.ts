import {
  ArrayMaxSize,
  IsArray,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import { DomainEvent } from './envelope';
import { AtLeastOneOf } from './at-least-one-of';

// class-validator's ISO 4217 check ignores case; the contract asks for upper case.
const UPPER_CASE_CODE = /^[A-Z]{3}$/;

class ProductFields {
  @IsString() @Length(1, 200) name!: string;
  @IsString() @Length(0, 10000) description!: string;
  @IsString() @Length(1, 100) category!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 50, { each: true }) tags?: string[];
}

export class ProductCreatedData extends ProductFields {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) price!: number;
  @Matches(UPPER_CASE_CODE, { message: 'currency must be 3 upper-case letters' }) @IsISO4217CurrencyCode() currency!: string;
}

const UPDATABLE = ['name', 'description', 'category', 'tags'] as const;

@AtLeastOneOf(UPDATABLE)
export class ProductUpdatedData {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsString() @Length(0, 10000) description?: string;
  @IsOptional() @IsString() @Length(1, 100) category?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 50, { each: true }) tags?: string[];
}

export class ProductPriceChangedData {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) newPrice!: number;
  @IsOptional() @Matches(UPPER_CASE_CODE, { message: 'currency must be 3 upper-case letters' }) @IsISO4217CurrencyCode() currency?: string;
}

export class ProductDeletedData {}

export const PRODUCT_EVENT_DATA = {
  ProductCreated: ProductCreatedData,
  ProductUpdated: ProductUpdatedData,
  ProductPriceChanged: ProductPriceChangedData,
  ProductDeleted: ProductDeletedData,
} as const;

export type ProductEvent =
  | DomainEvent<'ProductCreated', ProductCreatedData>
  | DomainEvent<'ProductUpdated', ProductUpdatedData>
  | DomainEvent<'ProductPriceChanged', ProductPriceChangedData>
  | DomainEvent<'ProductDeleted', ProductDeletedData>;
