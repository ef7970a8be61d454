import { Injectable } from '@nestjs/common';
import type { GlossaryDto } from './glossary.dto.js';
import { GlossaryRepository } from './glossary.repository.js';

/** The glossary: the same for everyone, so public and cacheable. */
@Injectable()
export class GlossaryService {
  constructor(private readonly repository: GlossaryRepository) {}

  async getGlossary(): Promise<GlossaryDto> {
    return { terms: await this.repository.listTerms() };
  }
}
