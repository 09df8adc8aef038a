import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ToNumber } from './transforms';
import { PageQuery } from './page-query';

export const DANCE_EVENT_SORTS = ['startsAt', 'distance', 'relevance'] as const;
export type DanceEventSort = (typeof DANCE_EVENT_SORTS)[number];

export class DanceEventSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Free text over title, description, band name, hall name and city; typo-tolerant, diacritics-insensitive', maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500, { message: 'q must be at most 500 characters' })
  q?: string;

  @ApiPropertyOptional({ description: 'Earliest startsAt (instant or date); defaults to now, so past dances are hidden', example: '2026-12-04' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'Latest startsAt (instant or date; a date includes that whole day)', example: '2026-12-06' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or instant' })
  to?: string;

  @ApiPropertyOptional({ description: 'Latitude of the centre; with lon', minimum: -90, maximum: 90 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'lat must be a number' }) @IsLatitude({ message: 'lat must be between -90 and 90' })
  lat?: number;

  @ApiPropertyOptional({ description: 'Longitude of the centre; with lat', minimum: -180, maximum: 180 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'lon must be a number' }) @IsLongitude({ message: 'lon must be between -180 and 180' })
  lon?: number;

  @ApiPropertyOptional({ description: "Radius in km around lat/lon, or (with userId and no lat/lon) around each of the user's origins", minimum: 0.1, maximum: 2000 })
  @IsOptional() @ToNumber() @IsNumber({}, { message: 'radiusKm must be a number' }) @Min(0.1) @Max(2000)
  radiusKm?: number;

  @ApiPropertyOptional({ description: "Apply this user's preferences (ignored bands, halls, cities, municipalities, states; origins); an unknown user applies none" })
  @IsOptional() @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ description: 'Only dances with this band' })
  @IsOptional() @IsUUID('all', { message: 'bandId must be a UUID' })
  bandId?: string;

  @ApiPropertyOptional({ description: 'Only dances at this hall' })
  @IsOptional() @IsUUID('all', { message: 'danceHallId must be a UUID' })
  danceHallId?: string;

  @ApiPropertyOptional({ enum: DANCE_EVENT_SORTS, default: 'startsAt', description: 'distance needs a centre (lat/lon, or userId with origins); relevance needs q' })
  @IsOptional() @IsIn(DANCE_EVENT_SORTS, { message: `sort must be one of ${DANCE_EVENT_SORTS.join(', ')}` })
  sort?: DanceEventSort;
}
