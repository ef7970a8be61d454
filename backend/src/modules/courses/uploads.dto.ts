import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UploadImageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The organisation the image is for; its storage quota is charged. Optional for a trainer or org admin of exactly one organisation; platform admins’ uploads without it count against the platform’s allowance.',
  })
  @IsOptional()
  @IsString()
  @Matches(UUID, { message: 'organisationId must be a UUID' })
  organisationId?: string;
}

export class StorageUsageDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: the platform’s own allowance (platform admins’ uploads)' })
  organisationId!: string | null;

  @ApiProperty({ type: 'integer', description: 'Bytes of uploaded images counted against the quota' })
  usedBytes!: number;

  @ApiProperty({ type: 'integer', description: 'The quota in bytes (STORAGE_QUOTA_MB_PER_ORGANISATION or STORAGE_QUOTA_MB_PLATFORM)' })
  quotaBytes!: number;

  @ApiProperty({ type: 'integer', description: 'Images uploaded' })
  fileCount!: number;
}
