import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from './page-query';

export class BandSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Free text over the band's name; typo-tolerant, diacritics-insensitive", maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500, { message: 'q must be at most 500 characters' })
  q?: string;

  @ApiPropertyOptional({ description: 'Exact genre (case and diacritics folded)' })
  @IsOptional() @IsString() @Length(1, 100)
  genre?: string;
}
