import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminTokenGuard } from './admin-token.guard';
import { OpsModule } from './ops.module';
import { RebuildModule } from '../rebuild/rebuild.module';

/** Mounted only when ADMIN_TOKEN is set: without a token the admin routes do not exist at all. */
@Module({ imports: [OpsModule, RebuildModule], controllers: [AdminController], providers: [AdminTokenGuard] })
export class AdminModule {}
