import { Module } from '@nestjs/common';
import { ConsistencyModule } from '../consistency/consistency.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({ imports: [ConsistencyModule], controllers: [SearchController], providers: [SearchService] })
export class SearchApiModule {}
