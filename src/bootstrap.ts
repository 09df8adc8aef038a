import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { AppModule } from './app.module';
import { HANDLING_MARKDOWN } from './events/handling';
import { stampArrival } from './search-api/engine-timing';

/** Builds and starts the HTTP app with its projectors; shared by main.ts and the end-to-end tests. */
export async function startApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(stampArrival);
  app.use(helmet());
  app.useBodyParser('json', { limit: '100kb' });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Search indexing service')
      .setDescription(`Full-text product search, dance-hall search with geo, and operations routes.\n\n${HANDLING_MARKDOWN}`)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  const server = app.getHttpServer() as import('node:http').Server;
  // Longer than the idle timeout of common load balancers and HTTP clients (60 s), so the server never
  // closes a kept-alive connection at the moment a client reuses it (an ECONNRESET for the caller).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}
