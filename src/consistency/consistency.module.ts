import { Module } from '@nestjs/common';
import { ConsistencyService } from './consistency.service';
import { PositionsController } from './positions.controller';

@Module({ controllers: [PositionsController], providers: [ConsistencyService], exports: [ConsistencyService] })
export class ConsistencyModule {}
