import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { FileMailTransport, MailTransport, SmtpMailTransport } from './mail-transport.js';
import { MailService } from './mail.service.js';

@Global()
@Module({})
export class MailModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { driver, smtpUrl, from, dir } = config.mail;
    return {
      module: MailModule,
      providers: [
        {
          provide: MailTransport,
          useFactory: () => (driver === 'smtp' && smtpUrl ? new SmtpMailTransport(smtpUrl, from) : new FileMailTransport(dir, from)),
        },
        MailService,
      ],
      exports: [MailService, MailTransport],
    };
  }
}
