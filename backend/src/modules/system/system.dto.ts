import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PING_STATUSES, type PingStatus } from './system-ping.entity.js';

export class CreatePingDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'deploy check' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10_000, default: 0, description: 'Simulated work in the job, to observe it in flight' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  workMs?: number;
}

export class PingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ enum: PING_STATUSES })
  status!: PingStatus;

  @ApiProperty({ description: 'How many times a process started the job' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  processedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'role:hostname:pid of the process that ran the job' })
  processedBy!: string | null;
}
