import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Patch, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AccountsService } from './accounts.service.js';
import { AuthService } from './auth.service.js';
import { AccountExportDto, ChangePasswordDto, DeleteAccountDto, MeResponseDto, UpdateProfileDto } from './identity.dto.js';
import { clearSessionCookies } from './session-cookies.js';

@ApiTags('me')
@Controller('me')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
export class MeController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: MeResponseDto })
  getMe(@CurrentActor() actor: Actor): Promise<MeResponseDto> {
    return this.accounts.me(actor);
  }

  @Authenticated()
  @Patch()
  @ApiOkResponse({ type: MeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateProfileDto, @Meta() meta: RequestMeta): Promise<MeResponseDto> {
    return this.accounts.updateProfile(actor, dto.displayName, meta);
  }

  @Authenticated()
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every other session of the account is ended' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, meta);
  }

  @Authenticated()
  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="htmse-academy-my-data.json"')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: AccountExportDto })
  exportMyData(@CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<AccountExportDto> {
    return this.accounts.exportData(actor, meta);
  }

  @Authenticated()
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Personal data erased, learning records (xAPI statements) and private reflections included; enrolments stay, anonymised',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async deleteMe(
    @CurrentActor() actor: Actor,
    @Body() dto: DeleteAccountDto,
    @Res({ passthrough: true }) res: FastifyReply,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.accounts.deleteAccount(actor, dto.password, meta);
    clearSessionCookies(res, this.config);
  }
}
