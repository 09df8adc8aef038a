import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SEARCH_ENGINE } from '../constants';
import { createSearchEngine } from './create-search-engine';
import { SearchEngine } from './search-engine.port';

@Global()
@Module({
  providers: [{ provide: SEARCH_ENGINE, inject: [AppConfig], useFactory: (config: AppConfig) => createSearchEngine(config) }],
  exports: [SEARCH_ENGINE],
})
export class SearchEngineModule implements OnApplicationShutdown {
  constructor(@Inject(SEARCH_ENGINE) private readonly engine: SearchEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
