import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { NotificationSettingsDto, UpdateNotificationSettingsDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

/** Your notification settings: due-date reminders and the trainers' weekly digest (docs/cohorts.md#notifications). */
@ApiTags('cohorts')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@Controller('me/notification-settings')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Your notification settings (everything on until you turn it off)' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  getNotificationSettings(@CurrentActor() actor: Actor): Promise<NotificationSettingsDto> {
    return this.notifications.getSettings(actor);
  }

  @Patch()
  @Authenticated()
  @ApiOperation({ summary: 'Turn due-date reminders or the weekly digest on or off' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A setting that is not true or false' })
  updateNotificationSettings(@CurrentActor() actor: Actor, @Body() body: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    return this.notifications.updateSettings(actor, body);
  }
}
