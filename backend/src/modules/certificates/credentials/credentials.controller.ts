import { Controller, Get, Header, Param, StreamableFile, type PipeTransform } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticated, Public } from '../../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../../common/auth/actor.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import { ErrorResponseDto } from '../../../common/errors/error-response.dto.js';
import { uuidParam } from '../../../common/http/param-pipes.js';
import { JsonWebKeySetDto } from './credentials.dto.js';
import { CredentialsService } from './credentials.service.js';
import { VC_JWT_MEDIA_TYPE } from './signer.js';

/** A status list's number: 1, 2, … (anything else is 400 naming the parameter). */
class ListIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe may already have turned it into a number (NaN for letters).
    const text = String(value);
    if (!/^[1-9][0-9]{0,8}$/.test(text)) {
      throw DomainError.validation([{ field: 'listId', reasons: ['listId must be a positive whole number'] }]);
    }
    return Number(text);
  }
}

/** The certificates' verifiable credentials (docs/credentials.md). */
@ApiTags('certificates')
@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Public()
  @Get('credentials/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  @ApiOperation({ summary: 'The public keys that verify the credentials (JWKS): the current key first, then earlier ones still valid' })
  @ApiOkResponse({ type: JsonWebKeySetDto })
  getCredentialKeys(): JsonWebKeySetDto {
    return this.credentials.jwks();
  }

  @Public()
  @Get('credentials/status/:listId')
  @Header('Cache-Control', 'public, max-age=60')
  @Header('Access-Control-Allow-Origin', '*')
  @ApiOperation({ summary: 'A revocation status list (W3C Bitstring Status List) as a VC-JWT; revocations show at once, cacheable 60 s' })
  @ApiOkResponse({ description: 'The BitstringStatusListCredential, signed (compact JWS)', content: { [VC_JWT_MEDIA_TYPE]: { schema: { type: 'string' } } } })
  @ApiParam({ name: 'listId', schema: { type: 'integer', minimum: 1 }, description: 'The list number: 1, 2, …' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'listId is not a positive whole number' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such list yet' })
  async getCredentialStatusList(@Param('listId', new ListIdPipe()) listId: number): Promise<StreamableFile> {
    const jwt = await this.credentials.statusList(listId);
    return new StreamableFile(Buffer.from(jwt), { type: VC_JWT_MEDIA_TYPE });
  }

  @Authenticated()
  @Get('certificates/:certificateId/credential')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The holder’s certificate as an Open Badges 3.0 verifiable credential (VC-JWT), as a file' })
  @ApiOkResponse({
    description: 'The OpenBadgeCredential, signed (compact JWS), as an attachment',
    content: { [VC_JWT_MEDIA_TYPE]: { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'certificateId is not a UUID' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such certificate, or not the caller’s' })
  async downloadCertificateCredential(
    @CurrentActor() actor: Actor,
    @Param('certificateId', uuidParam('certificateId')) certificateId: string,
  ): Promise<StreamableFile> {
    const { jwt, filename } = await this.credentials.credential(actor, certificateId);
    return new StreamableFile(Buffer.from(jwt), { type: VC_JWT_MEDIA_TYPE, disposition: `attachment; filename="${filename}"` });
  }
}
