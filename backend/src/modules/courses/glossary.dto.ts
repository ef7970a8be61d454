import { ApiProperty } from '@nestjs/swagger';
import { GLOSSARY_LABELS, type GlossaryLabel } from './content/content-rules.js';

export class GlossaryTermDto {
  @ApiProperty({ example: 'big-data', description: 'Stable key; the term’s anchor on the glossary page' })
  slug!: string;

  @ApiProperty({ example: 'Big data' })
  term!: string;

  @ApiProperty({ description: 'Plain words; the course’s own explanation' })
  definition!: string;

  @ApiProperty({
    enum: GLOSSARY_LABELS,
    description: 'course-explanation: the course’s own explanation of a term the publications use, never a publication’s finding (backend/content/README.md)',
  })
  label!: GlossaryLabel;
}

export class GlossaryDto {
  @ApiProperty({ type: () => [GlossaryTermDto], description: 'Every live term, by term' })
  terms!: GlossaryTermDto[];
}
