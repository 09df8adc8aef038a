import { Controller, Get, Query, Res, UsePipes } from '@nestjs/common';
import { Response } from 'express';
import { ApiBadRequestResponse, ApiGatewayTimeoutResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { queryValidationPipe } from '../http/query-validation.pipe';
import { BandSearchQuery } from './dto/band-search.dto';
import { DanceHallSearchQuery } from './dto/dance-hall-search.dto';
import { DanceEventSearchQuery } from './dto/dance-event-search.dto';
import { ProductSearchQuery } from './dto/product-search.dto';
import { BandSearchResponse, DanceEventSearchResponse, DanceHallSearchResponse, ErrorResponse, ProductSearchResponse } from './search-responses';
import { SearchService } from './search.service';
import { EngineTiming } from './engine-timing';

const SERVER_TIMING = {
  'Server-Timing': {
    description:
      'engine: the engine\'s own time (took) summed over the request\'s searches, and how many; calls: those searches as the service saw them; handler: the whole handler; app: from the request\'s arrival (ms)',
    schema: { type: 'string' },
  },
};

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
  @ApiOkResponse({ type: ProductSearchResponse, headers: SERVER_TIMING })
  products(@Query() query: ProductSearchQuery, @Res({ passthrough: true }) res: Response): Promise<ProductSearchResponse> {
    return withServerTiming(res, (timing) => this.search.products(query, timing));
  }

  @Get('dance-halls')
  @ApiOkResponse({ type: DanceHallSearchResponse, headers: SERVER_TIMING })
  danceHalls(@Query() query: DanceHallSearchQuery, @Res({ passthrough: true }) res: Response): Promise<DanceHallSearchResponse> {
    return withServerTiming(res, (timing) => this.search.danceHalls(query, timing));
  }

  @Get('dance-events')
  @ApiOkResponse({ type: DanceEventSearchResponse, headers: SERVER_TIMING })
  danceEvents(@Query() query: DanceEventSearchQuery, @Res({ passthrough: true }) res: Response): Promise<DanceEventSearchResponse> {
    return withServerTiming(res, (timing) => this.search.danceEvents(query, timing));
  }

  @Get('bands')
  @ApiOkResponse({ type: BandSearchResponse, headers: SERVER_TIMING })
  bands(@Query() query: BandSearchQuery, @Res({ passthrough: true }) res: Response): Promise<BandSearchResponse> {
    return withServerTiming(res, (timing) => this.search.bands(query, timing));
  }
}

/** Runs a search with its timing and reports it in the `Server-Timing` header (engine-timing.ts). */
async function withServerTiming<T>(res: Response, search: (timing: EngineTiming) => Promise<T>): Promise<T> {
  const timing = new EngineTiming(res.locals.arrivedAt as number | undefined);
  const answer = await search(timing);
  res.setHeader('Server-Timing', timing.header());
  return answer;
}
