import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProductHit {
  @ApiProperty() productId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() category!: string;
  @ApiProperty() price!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiPropertyOptional({ description: 'Highlighted fragments by field, matches in <em>' }) highlight?: Record<string, string[]>;
}

export class FacetBucket {
  @ApiProperty() value!: string;
  @ApiProperty() count!: number;
}

export class ProductFacets {
  @ApiPropertyOptional({ type: [FacetBucket], description: 'absent with facets=none' }) categories?: FacetBucket[];
}

export class ProductSearchResponse {
  @ApiProperty({ description: 'matches; a lower bound when totalRelation is gte' }) total!: number;
  @ApiProperty({ enum: ['eq', 'gte'], description: '`gte` only with facets=none, when more than 1,000 match' }) totalRelation!: 'eq' | 'gte';
  @ApiProperty({ type: [ProductHit] }) items!: ProductHit[];
  @ApiProperty({ type: ProductFacets }) facets!: ProductFacets;
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class GeoPoint {
  @ApiProperty() lat!: number;
  @ApiProperty() lon!: number;
}

export class DanceHallHit {
  @ApiProperty() danceHallId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() street?: string;
  @ApiProperty() city!: string;
  @ApiPropertyOptional() municipality?: string;
  @ApiPropertyOptional() county?: string;
  @ApiProperty() country!: string;
  @ApiPropertyOptional({ type: GeoPoint }) location?: GeoPoint;
  @ApiPropertyOptional({ description: 'Distance from the geo filter centre, when one is given' }) distanceKm?: number;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
}

export class DanceHallSearchResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [DanceHallHit] }) items!: DanceHallHit[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BandHit {
  @ApiProperty() bandId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() genre?: string;
  @ApiPropertyOptional() homeTown?: string;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
}

export class BandSearchResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [BandHit] }) items!: BandHit[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DanceEventBand {
  @ApiPropertyOptional() bandId?: string;
  @ApiPropertyOptional({ description: "The band's current name when bandId names a known band, else the event's bandName" }) name?: string;
}

export class DanceEventHall {
  @ApiProperty() danceHallId!: string;
  @ApiPropertyOptional({ description: 'Absent while the hall is unknown or deleted' }) name?: string;
  @ApiPropertyOptional() city?: string;
  @ApiPropertyOptional() municipality?: string;
  @ApiPropertyOptional() county?: string;
  @ApiPropertyOptional({ type: GeoPoint }) location?: GeoPoint;
}

export class DanceEventHit {
  @ApiProperty() danceEventId!: string;
  @ApiPropertyOptional() title?: string;
  @ApiProperty() startsAt!: string;
  @ApiPropertyOptional() endsAt?: string;
  @ApiPropertyOptional() price?: number;
  @ApiPropertyOptional() currency?: string;
  @ApiProperty({ type: DanceEventBand }) band!: DanceEventBand;
  @ApiProperty({ type: DanceEventHall }) danceHall!: DanceEventHall;
  @ApiPropertyOptional({ description: "Distance to the centre, or to the nearest of the user's origins" }) distanceKm?: number;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
}

export class DanceEventSearchResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [DanceEventHit] }) items!: DanceEventHit[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ErrorDetail {
  @ApiProperty({ example: 'unknown_parameter' }) code!: string;
  @ApiProperty({ example: "unknown parameter 'catgory'" }) message!: string;
}

export class ErrorResponse {
  @ApiProperty({ type: ErrorDetail }) error!: ErrorDetail;
}
