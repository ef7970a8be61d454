import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Lesson } from '../courses/index.js';
import type { User } from '../identity/index.js';

/**
 * A learner's private reflection or action plan on one lesson. Read only by its writer (and in
 * their data export): no trainer, organisation admin or platform admin route returns it.
 */
@Entity({ name: 'lesson_reflections' })
@Unique('uq_lesson_reflections_user_id_lesson_id', ['userId', 'lessonId'])
@Index('idx_lesson_reflections_lesson_id', ['lessonId'])
@Check('chk_lesson_reflections_text', `char_length("text") <= 5000`)
@Check('chk_lesson_reflections_version', `"version" >= 1`)
export class LessonReflection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'uuid' })
  lessonId!: string;

  @ManyToOne('Lesson', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lesson_id' })
  lesson?: Relation<Lesson>;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
