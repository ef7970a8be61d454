import type { CourseStatus } from '../course.entity.js';
import type { PublicationCredit, PublicationFinding } from '../../library/index.js';
import type { SourceRef } from '../module.entity.js';

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
  sources: SourceRef[];
  body: string;
}

export interface ModuleContent {
  slug: string;
  title: string;
  summary: string;
  publication: string;
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
  modules: CourseModuleContent[];
}

export interface ContentBundle {
  publications: PublicationContent[];
  modules: ModuleContent[];
  courses: CourseContent[];
}
