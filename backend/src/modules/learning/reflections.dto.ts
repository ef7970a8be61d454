import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, MaxLength, Min } from 'class-validator';

export const REFLECTION_MAX_LENGTH = 5000;
/** Line breaks and tabs are part of a note; other control characters are not. */
const NO_CONTROL_EXCEPT_WHITESPACE = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

export class SaveLessonReflectionDto {
  @ApiProperty({ maxLength: REFLECTION_MAX_LENGTH, description: 'Your private note; do not record identifiable details of anyone' })
  @IsString()
  @MaxLength(REFLECTION_MAX_LENGTH, { message: `text must be at most ${REFLECTION_MAX_LENGTH} characters` })
  @Matches(NO_CONTROL_EXCEPT_WHITESPACE, { message: 'text must not contain control characters' })
  text!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The version you loaded (0 when you have no note yet); a stale one is refused with 409' })
  @IsInt()
  @Min(0)
  version!: number;
}

export class LessonReflectionDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
