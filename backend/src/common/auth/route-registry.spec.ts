import { Controller, Delete, Get, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { Authenticated, OrgMember, Public } from './access.js';
import { RouteAccessError, RouteRegistry } from './route-registry.js';

@Controller('things')
class DeclaredController {
  @Public()
  @Get()
  listThings() {}

  @OrgMember('trainer')
  @Post(':organisationId/things')
  createThing() {}
}

@Authenticated()
@Controller('class-level')
class ClassLevelController {
  @Get('mine')
  listMine() {}
}

@Controller('forgotten')
class UndeclaredController {
  @Public()
  @Get()
  listForgotten() {}

  @Delete(':id')
  deleteForgotten() {}
}

async function registryFor(...controllers: (new () => unknown)[]) {
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], controllers, providers: [RouteRegistry] }).compile();
  return moduleRef;
}

describe('RouteRegistry', () => {
  it('lists every route with its full path and declared rule (method-level or class-level)', async () => {
    const moduleRef = await registryFor(DeclaredController, ClassLevelController);
    await moduleRef.init();
    const routes = moduleRef
      .get(RouteRegistry)
      .routes()
      .map((r) => ({ method: r.method, path: r.path, rule: r.rule }));
    expect(routes).toEqual([
      { method: 'GET', path: '/api/class-level/mine', rule: { kind: 'authenticated' } },
      { method: 'GET', path: '/api/things', rule: { kind: 'public' } },
      { method: 'POST', path: '/api/things/:organisationId/things', rule: { kind: 'org-member', minRole: 'trainer', param: 'organisationId' } },
    ]);
    await moduleRef.close();
  });

  it('refuses to boot when a route declares no rule, naming it', async () => {
    const moduleRef = await registryFor(DeclaredController, UndeclaredController);
    const error = await moduleRef.init().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RouteAccessError);
    expect(String(error)).toContain('DELETE /api/forgotten/:id (UndeclaredController.deleteForgotten)');
    expect(String(error)).not.toContain('listForgotten');
  });
});
