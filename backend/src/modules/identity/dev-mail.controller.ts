import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { FileMailTransport, MailTransport } from '../../infra/mail/mail-transport.js';

export class DevMailDto {
  @ApiProperty() id!: string;
  @ApiProperty() to!: string;
  @ApiProperty() from!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
}

/**
 * Development only: the messages the file mail driver wrote, so someone trying the app locally
 * can follow a verification link. Answers 404 in production or with SMTP configured.
 */
@ApiTags('dev')
@Controller('dev/mail')
export class DevMailController {
  constructor(
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: [DevMailDto] })
  async listDevMail(): Promise<DevMailDto[]> {
    if (this.config.isProduction || !(this.transport instanceof FileMailTransport)) throw DomainError.notFound('Page');
    const mails = await this.transport.list(50);
    return mails.map(({ id, to, from, subject, text, sentAt }) => ({ id, to, from, subject, text, sentAt }));
  }
}
