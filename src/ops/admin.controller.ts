import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiError } from '../http/api-error';
import { findProjection, PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { NoRebuildRunningError, RebuildConflictError, ShuttingDownError } from '../rebuild/rebuild-deps';
import { RebuildService } from '../rebuild/rebuild.service';
import { ErrorResponse } from '../search-api/search-responses';
import { AdminTokenGuard } from './admin-token.guard';
import { ProjectionStatusService } from './projection-status.service';

function projectionNamed(name: string): Projection {
  const projection = findProjection(name);
  if (!projection) {
    throw new ApiError(HttpStatus.NOT_FOUND, 'unknown_projection', `no projection '${name}'; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  }
  return projection;
}

@ApiTags('admin')
@ApiBearerAuth()
@SkipThrottle()
@UseGuards(AdminTokenGuard)
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'missing or wrong bearer token' })
@Controller('admin/projections')
export class AdminController {
  constructor(
    private readonly status: ProjectionStatusService,
    private readonly rebuilds: RebuildService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Per projection: read alias, active index, state, per-partition checkpoint, end offset and lag, rebuild needed' })
  projections() {
    return this.status.all();
  }

  @Post(':name/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'Rebuild started; the body carries its id' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'a rebuild of this projection is already running' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async startRebuild(@Param('name') name: string) {
    try {
      const record = await this.rebuilds.start(projectionNamed(name));
      return { id: record.id, targetIndex: record.targetIndex, phase: record.phase };
    } catch (err) {
      if (err instanceof RebuildConflictError) throw new ApiError(HttpStatus.CONFLICT, 'rebuild_running', err.message);
      if (err instanceof ShuttingDownError) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', err.message);
      throw err;
    }
  }

  @Get(':name/rebuild')
  @ApiOkResponse({ description: 'The running or last rebuild: target index, events replayed, end offsets, phase, times' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async rebuildStatus(@Param('name') name: string) {
    const record = await this.rebuilds.status(projectionNamed(name));
    if (!record) throw new ApiError(HttpStatus.NOT_FOUND, 'no_rebuild', `${name} has never been rebuilt`);
    return record;
  }

  @Delete(':name/rebuild')
  @ApiOkResponse({ description: 'Rebuild aborted; the live index is untouched and the partial index deleted' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'no rebuild is running' })
  async abortRebuild(@Param('name') name: string) {
    try {
      return await this.rebuilds.abort(projectionNamed(name));
    } catch (err) {
      if (err instanceof NoRebuildRunningError) throw new ApiError(HttpStatus.CONFLICT, 'no_rebuild_running', err.message);
      throw err;
    }
  }
}
