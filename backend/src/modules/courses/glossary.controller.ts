import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.js';
import { GlossaryDto } from './glossary.dto.js';
import { GlossaryService } from './glossary.service.js';

@ApiTags('glossary')
@Public()
@Controller('glossary')
export class GlossaryController {
  constructor(private readonly glossary: GlossaryService) {}

  @Get()
  // The same answer for every caller, signed in or not: shared caches may keep it for a few minutes.
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The glossary: the course’s own explanations of terms the lessons use, each labelled as such' })
  @ApiOkResponse({ type: GlossaryDto })
  getGlossary(): Promise<GlossaryDto> {
    return this.glossary.getGlossary();
  }
}
