import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JobCatalogue, type JobContext, type JobHandler, type JobName, type JobPayloads } from './job.types.js';
import { ON_JOB } from './on-job.decorator.js';

export class JobRegistryError extends Error {}

/**
 * Finds every @OnJob method at boot. Boot fails when a job has no handler or two, so a job can
 * never sit in a queue that nothing consumes.
 */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly catalogue: JobCatalogue,
  ) {}

  onModuleInit(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, fn as () => unknown);
        if (!name) continue;
        const where = `${instance.constructor.name}.${method}`;
        found.set(name, [...(found.get(name) ?? []), where]);
        this.handlers.set(name, (fn as JobHandler).bind(instance));
      }
    }
    const problems: string[] = [];
    for (const name of this.catalogue.names) {
      const places = found.get(name) ?? [];
      if (places.length === 0) problems.push(`job "${name}" has no @OnJob handler`);
      if (places.length > 1) problems.push(`job "${name}" has ${places.length} handlers: ${places.join(', ')}`);
    }
    for (const name of found.keys()) {
      if (!this.catalogue.names.includes(name)) problems.push(`@OnJob("${name}") names a job that is not in JobPayloads`);
    }
    if (problems.length > 0) throw new JobRegistryError(`Job handlers are misconfigured: ${problems.join('; ')}`);
  }

  async run<N extends JobName>(name: N, payload: JobPayloads[N], ctx: JobContext): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) throw new JobRegistryError(`No handler for job "${name}"`);
    await handler(payload, ctx);
  }
}
