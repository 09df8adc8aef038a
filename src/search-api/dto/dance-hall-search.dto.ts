import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { ToNumber } from './transforms';
import { PageQuery } from './page-query';

export class DanceHallSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Free text over name, street, city, municipality, county; typo-tolerant, diacritics-insensitive', maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500, { message: 'q must be at most 500 characters' })
  q?: string;

  @ApiPropertyOptional({ description: 'Exact city (case and diacritics folded)' })
  @IsOptional() @IsString() @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ description: 'Exact county (case and diacritics folded)' })
  @IsOptional() @IsString() @Length(1, 200)
  county?: string;

  @ApiPropertyOptional({ description: 'Latitude of the geo filter centre; with lon and radiusKm', minimum: -90, maximum: 90 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'lat must be a number' }) @IsLatitude({ message: 'lat must be between -90 and 90' })
  lat?: number;

  @ApiPropertyOptional({ description: 'Longitude of the geo filter centre; with lat and radiusKm', minimum: -180, maximum: 180 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'lon must be a number' }) @IsLongitude({ message: 'lon must be between -180 and 180' })
  lon?: number;

  @ApiPropertyOptional({ description: 'Radius in km; with lat and lon', minimum: 0.1, maximum: 2000 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'radiusKm must be a number' }) @Min(0.1) @Max(2000)
  radiusKm?: number;
}
