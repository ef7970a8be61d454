import type { components } from '#lib/api/schema.js';

type GlossaryLabel = components['schemas']['GlossaryTermDto']['label'];

/** How each kind of entry is introduced to the reader: never as a publication's finding. */
export const GLOSSARY_LABEL_TEXT: Record<GlossaryLabel, string> = {
  'course-explanation': 'This course’s own explanation, not a finding of any publication in the library.'
};
