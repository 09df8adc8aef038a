import { Controller, Get, Query, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { queryValidationPipe } from '../http/query-validation.pipe';
import { ErrorResponse } from '../search-api/search-responses';
import { ConsistencyService } from './consistency.service';

export class PositionsQuery {
  @ApiProperty({ description: 'topic:partition:offset[,…]', example: 'product-events:3:1520' })
  @IsString() @MaxLength(20_000)
  consistentWith!: string;
}

export class PositionsResponse {
  @ApiProperty({ description: 'Whether every position was searchable within CONSISTENCY_MAX_WAIT_MS' })
  consistent!: boolean;

  @ApiProperty({
    description: 'Per topic:partition of the token, the searchable checkpoint (last offset whose effect is searchable); -1 for none',
    example: { 'product-events:3': 1520 },
  })
  reached!: Record<string, number>;
}

@ApiTags('search')
@Controller('positions')
@UsePipes(queryValidationPipe())
export class PositionsController {
  constructor(private readonly consistency: ConsistencyService) {}

  /** Waits as a search would, then answers how far each position got instead of searching. */
  @Get()
  @ApiOkResponse({ type: PositionsResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'invalid_consistency_token' })
  async positions(@Query() query: PositionsQuery): Promise<PositionsResponse> {
    const { satisfied, reached } = await this.consistency.waitFor(query.consistentWith);
    return { consistent: satisfied, reached };
  }
}
