import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class NotificationSettingsDto {
  @ApiProperty({ description: 'Mails before a course your organisation assigned you is due (7 days and 1 day before)' })
  dueDateReminders!: boolean;

  @ApiProperty({ description: 'Trainers: a Monday mail listing the learners of your cohorts who may need support' })
  weeklyDigest!: boolean;
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'dueDateReminders must be true or false' })
  dueDateReminders?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'weeklyDigest must be true or false' })
  weeklyDigest?: boolean;
}
