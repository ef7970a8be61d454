import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job.types.js';

export const ON_JOB = Symbol('htmse:on-job');

/** Marks a provider method as the one handler of a job. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);
