import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToNumber } from './transforms';

/** Parameters every search takes: a page size, the previous page's cursor, and a read-your-writes token. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @ToNumber() @IsInt({ message: 'size must be an integer' }) @Min(1) @Max(100)
  size?: number;

  @ApiPropertyOptional({ description: "Opaque; the previous page's nextCursor" })
  // A first page ranked by score alone carries the ids that tied at its end (tied-pages.ts): up to 100.
  @IsOptional() @IsString() @MaxLength(16_000)
  cursor?: string;

  @ApiPropertyOptional({
    description: 'topic:partition:offset[,…] of events just published: the search runs once their effect is searchable',
    example: 'product-events:3:1520',
  })
  @IsOptional() @IsString() @MaxLength(20_000)
  consistentWith?: string;
}
