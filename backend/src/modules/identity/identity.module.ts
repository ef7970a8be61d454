import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService, JWT_ISSUER } from './auth.service.js';
import { DevMailController } from './dev-mail.controller.js';
import { AccountMailService } from './account-mail.service.js';
import { IDENTITY_ENTITIES } from './identity.entities.js';
import { IdentityLimits } from './identity.limits.js';
import { IdentityRepository } from './identity.repository.js';
import { MeController } from './me.controller.js';
import { JwtStrategy, LocalStrategy, LoginGuard } from './strategies.js';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_ISSUER },
      }),
    }),
    TypeOrmModule.forFeature(IDENTITY_ENTITIES),
  ],
  controllers: [AuthController, MeController, DevMailController],
  providers: [IdentityRepository, IdentityLimits, AuthService, AccountMailService, AccountsService, JwtStrategy, LocalStrategy, LoginGuard],
  exports: [AccountsService],
})
export class IdentityModule {}
