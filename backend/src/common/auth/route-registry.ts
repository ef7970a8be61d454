import { Injectable, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.js';

export interface RouteInfo {
  method: string;
  /** Express-style, with the global prefix: /api/organisations/:organisationId/members */
  path: string;
  controller: string;
  handler: string;
  rule: AccessRule | undefined;
}

export class RouteAccessError extends Error {}

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every HTTP route with its declared access rule. Boot fails when a route has none, so a new
 * route cannot ship without saying who may call it; tests enumerate routes from here.
 */
@Injectable()
export class RouteRegistry implements OnModuleInit {
  private cached?: RouteInfo[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared = this.routes().filter((r) => !r.rule);
    if (undeclared.length > 0) {
      throw new RouteAccessError(
        `Every route must declare who may call it (@Public, @Authenticated, @PlatformAdmin or @OrgMember): ${undeclared
          .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)
          .join(', ')}`,
      );
    }
  }

  routes(prefix = 'api'): RouteInfo[] {
    if (this.cached) return this.cached;
    const routes: RouteInfo[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined) ?? '';
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        routes.push({
          method: RequestMethod[method],
          path: joinPath(prefix, base, path),
          controller: metatype.name,
          handler: name,
          rule: this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, metatype]),
        });
      }
    }
    this.cached = routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    return this.cached;
  }
}
