import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OptionalActor, type Actor } from '../../common/auth/actor.js';
import { Public } from '../../common/auth/access.js';
import { AUTH_COOKIES } from '../../common/auth/auth-cookies.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuthService } from './auth.service.js';
import { AcceptedResponseDto, EmailDto, LoginDto, RefreshDto, RegisterDto, ResetPasswordDto, TokenDto, TokenResponseDto } from './identity.dto.js';
import { clearSessionCookies, setDeviceCookie, setSessionCookies } from './session-cookies.js';
import { LoginGuard, type AuthedRequest } from './strategies.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponseDto, description: 'The same answer whether or not the email is registered' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  async register(@Body() dto: RegisterDto, @Meta() meta: RequestMeta): Promise<AcceptedResponseDto> {
    return { message: await this.auth.register(dto, meta) };
  }

  @Public()
  @Post('verify-email')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The email address is confirmed' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'token invalid, used or expired' })
  verifyEmail(@Body() dto: TokenDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.auth.verifyEmail(dto.token, meta);
  }

  @Public()
  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  async resendVerification(@Body() dto: EmailDto, @Meta() meta: RequestMeta): Promise<AcceptedResponseDto> {
    return { message: await this.auth.resendVerification(dto.email, meta) };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  @ApiOkResponse({
    type: TokenResponseDto,
    description: 'Sets the httpOnly htmse_device cookie (this browser is now known to the account), and the session cookies unless tokenDelivery is "body"',
  })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Too many failed attempts on this account from unknown browsers, from this browser, or on many accounts from this address; see Retry-After',
  })
  async login(
    @Body() dto: LoginDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Meta() meta: RequestMeta,
  ): Promise<TokenResponseDto> {
    const tokens = await this.auth.login(req.loginUser!, meta, req.cookies?.[AUTH_COOKIES.device] as string | undefined);
    // Set for API clients too: the web app's sign-in form forwards it to the browser.
    setDeviceCookie(res, tokens.deviceToken, this.config);
    if (dto.tokenDelivery === 'body') return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, refreshToken: tokens.refreshToken };
    setSessionCookies(res, tokens, this.config);
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Meta() meta: RequestMeta,
  ): Promise<TokenResponseDto> {
    const fromBody = Boolean(dto.refreshToken);
    const tokens = await this.auth.refresh(dto.refreshToken ?? (req.cookies?.[AUTH_COOKIES.refresh] as string | undefined), meta);
    if (fromBody) return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, refreshToken: tokens.refreshToken };
    setSessionCookies(res, tokens, this.config);
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is ended on every API process; cookies are cleared' })
  async logout(
    @Body() dto: RefreshDto,
    @OptionalActor() actor: Actor | undefined,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.auth.logout(actor, dto.refreshToken ?? (req.cookies?.[AUTH_COOKIES.refresh] as string | undefined), meta);
    clearSessionCookies(res, this.config);
  }

  @Public()
  @Post('forgot-password')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponseDto, description: 'The same answer whether or not the email is registered' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  async forgotPassword(@Body() dto: EmailDto, @Req() req: AuthedRequest, @Meta() meta: RequestMeta): Promise<AcceptedResponseDto> {
    return { message: await this.auth.forgotPassword(dto.email, meta, req.cookies?.[AUTH_COOKIES.device] as string | undefined) };
  }

  @Public()
  @Post('reset-password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every session of the account is ended' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  resetPassword(@Body() dto: ResetPasswordDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.auth.resetPassword(dto.token, dto.password, meta);
  }
}
