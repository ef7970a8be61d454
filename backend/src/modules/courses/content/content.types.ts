import type { CourseStatus } from '../course.entity.js';
import type { PublicationCredit, PublicationFinding } from '../../library/index.js';
import type { SourceRef } from '../module.entity.js';
import type { GlossaryLabel } from './content-rules.js';

/** Content as validated from backend/content, before it is written to the database. */

export interface PublicationDate {
  year: number;
  month: number | null;
  day: number | null;
}

export interface FigureContent {
  value: string;
  label: string;
  passage: string;
}

export interface PublicationContent {
  slug: string;
  title: string;
  publisher: string;
  date: PublicationDate | null;
  region: string | null;
  topics: string[];
  summary: string;
  findings: PublicationFinding[];
  figures: FigureContent[];
  credit: PublicationCredit | null;
  sourceUrl: string | null;
  sourceText: string;
}

export interface LessonContent {
  slug: string;
  title: string;
  estimatedMinutes: number;
  objectives: string[];
  contentNote: string | null;
  /** A lesson that draws several publications together (README: "Synthesis lessons"). */
  synthesis: boolean;
  /** Slugs of glossary entries the lesson uses. */
  glossaryTerms: string[];
  sources: SourceRef[];
  body: string;
}

export interface ModuleContent {
  slug: string;
  title: string;
  summary: string;
  publication: string;
  objectives: string[];
  lessons: LessonContent[];
}

export interface CourseModuleContent {
  module: string;
  /** Slugs of modules earlier in the same course that should be taken first. */
  requires: string[];
}

export interface CourseContent {
  slug: string;
  title: string;
  status: CourseStatus;
  passMark: number;
  summary: string;
  audience: string;
  objectives: string[];
  /** The sensitive subjects the course's lessons discuss (README: "Content notes"). */
  contentNote: string | null;
  /** Recertification: months a completion stays valid (`validity_months`); null: it does not expire. */
  validityMonths: number | null;
  modules: CourseModuleContent[];
}

/** An entry of backend/content/glossary.yaml: the course's own explanation of a term. */
export interface GlossaryTermContent {
  slug: string;
  term: string;
  definition: string;
  label: GlossaryLabel;
  /** Where the term occurs in the library's publications. */
  appearsIn: SourceRef[];
}

export interface ContentBundle {
  publications: PublicationContent[];
  modules: ModuleContent[];
  courses: CourseContent[];
  glossary: GlossaryTermContent[];
}
