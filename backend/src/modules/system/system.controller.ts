import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PlatformAdmin } from '../../common/auth/access.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { CreatePingDto, PingResponseDto } from './system.dto.js';
import { SystemService } from './system.service.js';

const uuidParam = (field: string) => new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation([{ field, reasons: [`${field} must be a UUID`] }]) });

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @PlatformAdmin()
  @Post('pings')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PingResponseDto, description: 'Stored and queued; poll it until status is done' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  createPing(@Body() dto: CreatePingDto): Promise<PingResponseDto> {
    return this.system.createPing(dto);
  }

  @PlatformAdmin()
  @Get('pings/:id')
  @ApiOkResponse({ type: PingResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getPing(@Param('id', uuidParam('id')) id: string): Promise<PingResponseDto> {
    return this.system.getPing(id);
  }
}
