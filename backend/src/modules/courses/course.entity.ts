import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { Organisation } from '../organisations/index.js';
import { LearningModule } from './module.entity.js';

export const COURSE_STATUSES = ['draft', 'published'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
/** Who writes the row: the content importer (backend/content) or the authoring API. */
export const CONTENT_ORIGINS = ['content', 'authored'] as const;
export type ContentOrigin = (typeof CONTENT_ORIGINS)[number];
export const COURSE_VISIBILITIES = ['public', 'organisation'] as const;
export type CourseVisibility = (typeof COURSE_VISIBILITIES)[number];
/** Who an organisation course is published to (cohorts: only the cohorts it is assigned to). */
export const COURSE_AUDIENCES = ['organisation', 'cohorts'] as const;
export type CourseAudience = (typeof COURSE_AUDIENCES)[number];

/**
 * A course's identity and publication state. What learners see (wording, pass mark, modules)
 * lives in its versions; current_version_id points at the one new learners get.
 */
@Entity({ name: 'courses' })
@Unique(['slug'])
@Check(`"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check(`"status" IN ('draft', 'published')`)
@Check(`"origin" IN ('content', 'authored')`)
@Check(`"visibility" IN ('public', 'organisation')`)
@Check('chk_courses_organisation_id', `("organisation_id" IS NULL) = ("visibility" = 'public')`)
@Check('chk_courses_audience', `"audience" IN ('organisation', 'cohorts')`)
@Index('idx_courses_organisation_id', ['organisationId'])
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  status!: CourseStatus;

  @Column({ type: 'uuid', nullable: true })
  currentVersionId!: string | null;

  @ManyToOne(() => CourseVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: CourseVersion | null;

  @Column({ type: 'text' })
  contentHash!: string;

  @Column({ type: 'text', default: 'content' })
  origin!: ContentOrigin;

  /** 'organisation': a tailored course, visible only to members of organisationId (and platform admins). */
  @Column({ type: 'text', default: 'public' })
  visibility!: CourseVisibility;

  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne('Organisation', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  /**
   * Who an organisation course is published to: 'organisation' (every member) or 'cohorts' (only
   * members of the cohorts it is assigned to, and the organisation's trainers and admins). Public
   * courses ignore it.
   */
  @Column({ type: 'text', default: 'organisation' })
  audience!: CourseAudience;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}

/** One published state of a course. Never changed after it is written. */
@Entity({ name: 'course_versions' })
@Unique(['courseId', 'version'])
@Check(`"version" >= 1`)
@Check(`"pass_mark" BETWEEN 0 AND 100`)
@Check(`"default_due_period_days" IS NULL OR "default_due_period_days" BETWEEN 1 AND 365`)
@Check('chk_course_versions_validity_months', `"validity_months" IS NULL OR "validity_months" BETWEEN 1 AND 120`)
export class CourseVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  courseId!: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text' })
  audience!: string;

  @Column({ type: 'text', array: true })
  objectives!: string[];

  /** The sensitive subjects the course's lessons discuss, shown before the course; null when none. */
  @Column({ type: 'text', nullable: true })
  contentNote!: string | null;

  /** Percentage of quiz answers a learner needs to pass. */
  @Column({ type: 'integer' })
  passMark!: number;

  /** Tailored courses: days from enrolment until the course is due, if the trainer set one. */
  @Column({ type: 'integer', nullable: true })
  defaultDuePeriodDays!: number | null;

  /** Recertification: months a completion of this version stays valid; null when it does not expire. */
  @Column({ type: 'integer', nullable: true })
  validityMonths!: number | null;

  @Column({ type: 'text' })
  contentHash!: string;

  /** The modules, lessons and questions (slugs, ids and content hashes) as they were at publication. */
  @Column({ type: 'jsonb' })
  snapshot!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  publishedAt!: Date;
}

/** A module's place in a course version. */
@Entity({ name: 'course_modules' })
@Unique(['courseVersionId', 'position'])
@Unique(['courseVersionId', 'moduleId'])
@Check(`"position" >= 1`)
@Index(['moduleId'])
export class CourseModule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  courseVersionId!: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_version_id' })
  courseVersion?: CourseVersion;

  @Column({ type: 'uuid' })
  moduleId!: string;

  @ManyToOne(() => LearningModule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: LearningModule;

  @Column({ type: 'integer' })
  position!: number;
}

/** Within one course version: take course_module after required_course_module. */
@Entity({ name: 'course_module_prerequisites' })
@Check(`"course_module_id" <> "required_course_module_id"`)
export class CourseModulePrerequisite {
  @PrimaryColumn({ type: 'uuid' })
  courseModuleId!: string;

  @PrimaryColumn({ type: 'uuid' })
  requiredCourseModuleId!: string;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_module_id' })
  courseModule?: CourseModule;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'required_course_module_id' })
  requiredCourseModule?: CourseModule;
}
