import { ApiProperty } from '@nestjs/swagger';

export class EnrolmentDto {
  @ApiProperty({ format: 'uuid' })
  enrolmentId!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty({ description: 'Title of the course at the pinned version' })
  courseTitle!: string;

  @ApiProperty({ type: 'integer', description: 'The course version the learner is pinned to' })
  versionNumber!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The course’s current version; move-to-latest switches to it' })
  latestVersion!: number | null;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'From the course’s default due period, if it has one' })
  dueAt!: string | null;
}

export class EnrolmentListDto {
  @ApiProperty({ type: () => [EnrolmentDto] })
  items!: EnrolmentDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
