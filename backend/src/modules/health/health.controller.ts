import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { HealthResponseDto, LivenessResponseDto } from './health.dto.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'A dependency is down; details name each part: { database, queue }',
  })
  getHealth(): Promise<HealthResponseDto> {
    return this.health.check();
  }

  /** For orchestrators: restart the process when this fails. */
  @Public()
  @Get('live')
  @ApiOkResponse({ type: LivenessResponseDto, description: 'The process is up; no dependency is consulted' })
  getLiveness(): LivenessResponseDto {
    return this.health.live();
  }

  /** For orchestrators: send traffic only while this answers 200. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database and the queue are reachable' })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'A dependency is down; details name each part: { database, queue }',
  })
  getReadiness(): Promise<HealthResponseDto> {
    return this.health.check();
  }
}
