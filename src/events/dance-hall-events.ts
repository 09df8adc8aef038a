import { IsISO31661Alpha2, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, Length } from 'class-validator';
import { DomainEvent } from './envelope';
import { AtLeastOneOf } from './at-least-one-of';

export class DanceHallCreatedData {
  @IsString() @Length(1, 200) name!: string;
  @IsString() @Length(1, 100) city!: string;
  @IsOptional() @IsString() @Length(1, 200) street?: string;
  @IsOptional() @IsString() @Length(1, 200) postalCode?: string;
  @IsOptional() @IsString() @Length(1, 200) municipality?: string;
  @IsOptional() @IsString() @Length(1, 200) county?: string;
  @IsOptional() @IsISO31661Alpha2() country?: string;
}

const UPDATABLE = ['name', 'city', 'street', 'postalCode', 'municipality', 'county', 'country'] as const;

@AtLeastOneOf(UPDATABLE)
export class DanceHallUpdatedData {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsString() @Length(1, 100) city?: string;
  @IsOptional() @IsString() @Length(1, 200) street?: string;
  @IsOptional() @IsString() @Length(1, 200) postalCode?: string;
  @IsOptional() @IsString() @Length(1, 200) municipality?: string;
  @IsOptional() @IsString() @Length(1, 200) county?: string;
  @IsOptional() @IsISO31661Alpha2() country?: string;
}

export class DanceHallGeocodedData {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLatitude() latitude!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLongitude() longitude!: number;
}

export class DanceHallDeletedData {}

export const DANCE_HALL_EVENT_DATA = {
  DanceHallCreated: DanceHallCreatedData,
  DanceHallUpdated: DanceHallUpdatedData,
  DanceHallGeocoded: DanceHallGeocodedData,
  DanceHallDeleted: DanceHallDeletedData,
} as const;

export type DanceHallEvent =
  | DomainEvent<'DanceHallCreated', DanceHallCreatedData>
  | DomainEvent<'DanceHallUpdated', DanceHallUpdatedData>
  | DomainEvent<'DanceHallGeocoded', DanceHallGeocodedData>
  | DomainEvent<'DanceHallDeleted', DanceHallDeletedData>;
