import { Controller, Get, Query, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiGatewayTimeoutResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { queryValidationPipe } from '../http/query-validation.pipe';
import { BandSearchQuery } from './dto/band-search.dto';
import { DanceHallSearchQuery } from './dto/dance-hall-search.dto';
import { DanceEventSearchQuery } from './dto/dance-event-search.dto';
import { ProductSearchQuery } from './dto/product-search.dto';
import { BandSearchResponse, DanceEventSearchResponse, DanceHallSearchResponse, ErrorResponse, ProductSearchResponse } from './search-responses';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
@UsePipes(queryValidationPipe())
@ApiBadRequestResponse({
  type: ErrorResponse,
  description: 'unknown_parameter, invalid_parameter, out_of_range, query_too_long, incomplete_geo_filter, invalid_cursor or invalid_consistency_token',
})
@ApiGatewayTimeoutResponse({
  type: ErrorResponse,
  description: 'consistency_timeout: the consistentWith positions were not searchable within CONSISTENCY_MAX_WAIT_MS; error.reached says how far each got',
})
@ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'rate_limited: per-client limit exceeded' })
@ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'search_unavailable: the search engine is not answering' })
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('products')
  @ApiOkResponse({ type: ProductSearchResponse })
  products(@Query() query: ProductSearchQuery): Promise<ProductSearchResponse> {
    return this.search.products(query);
  }

  @Get('dance-halls')
  @ApiOkResponse({ type: DanceHallSearchResponse })
  danceHalls(@Query() query: DanceHallSearchQuery): Promise<DanceHallSearchResponse> {
    return this.search.danceHalls(query);
  }

  @Get('dance-events')
  @ApiOkResponse({ type: DanceEventSearchResponse })
  danceEvents(@Query() query: DanceEventSearchQuery): Promise<DanceEventSearchResponse> {
    return this.search.danceEvents(query);
  }

  @Get('bands')
  @ApiOkResponse({ type: BandSearchResponse })
  bands(@Query() query: BandSearchQuery): Promise<BandSearchResponse> {
    return this.search.bands(query);
  }
}
