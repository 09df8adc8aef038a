import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToNumber } from './transforms';

/** Paging parameters every search takes: a page size and the previous page's cursor. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @ToNumber() @IsInt({ message: 'size must be an integer' }) @Min(1) @Max(100)
  size?: number;

  @ApiPropertyOptional({ description: "Opaque; the previous page's nextCursor" })
  @IsOptional() @IsString() @MaxLength(2000)
  cursor?: string;
}
