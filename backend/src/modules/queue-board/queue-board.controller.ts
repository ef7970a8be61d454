import { Controller, Delete, Get, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformAdmin } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { QueueBoardService } from './queue-board.service.js';

/**
 * Bull Board's page, assets and API, behind the access guard (platform admins; cookie writes
 * need the CSRF token); every change it makes is audited with the admin's id. Not part of the documented API: the dashboard's own client calls it.
 */
@ApiExcludeController()
@Controller('admin/queues')
export class QueueBoardController {
  constructor(private readonly board: QueueBoardService) {}

  @PlatformAdmin()
  @Get()
  page(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.board.serve(req, reply);
  }

  @PlatformAdmin()
  @Get('*')
  read(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.board.serve(req, reply);
  }

  @PlatformAdmin()
  @Put('*')
  put(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<void> {
    return this.board.serve(req, reply, actor, meta);
  }

  @PlatformAdmin()
  @Post('*')
  post(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<void> {
    return this.board.serve(req, reply, actor, meta);
  }

  @PlatformAdmin()
  @Patch('*')
  patch(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<void> {
    return this.board.serve(req, reply, actor, meta);
  }

  @PlatformAdmin()
  @Delete('*')
  remove(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<void> {
    return this.board.serve(req, reply, actor, meta);
  }
}
