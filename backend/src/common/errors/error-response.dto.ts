import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code.js';

/** The shape of every error the API returns. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  /** A general ErrorCode or a module's own code; the document's ErrorCode enum lists both (buildOpenApiDocument). */
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.ValidationFailed })
  code!: string;

  @ApiProperty({ example: 'Validation failed: label: label must be shorter than or equal to 200 characters' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Structured details; for VALIDATION_FAILED: { fields: [{ field, reasons[] }] }',
    type: 'object',
    additionalProperties: true,
  })
  details?: Record<string, unknown>;

  @ApiProperty({ description: 'Correlates this response with the server logs', example: '1f0c2f8e-7c1e-4b7e-9a61-0c1b8f0e8d2a' })
  requestId!: string;
}
