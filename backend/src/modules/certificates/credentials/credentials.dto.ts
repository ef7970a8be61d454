import { ApiProperty } from '@nestjs/swagger';

export class PublicJwkDto {
  @ApiProperty({ enum: ['OKP'] })
  kty!: 'OKP';

  @ApiProperty({ enum: ['Ed25519'] })
  crv!: 'Ed25519';

  @ApiProperty({ description: 'The public key, base64url' })
  x!: string;

  @ApiProperty({ description: 'Key id: the `kid` of the VC-JWT headers it verifies' })
  kid!: string;

  @ApiProperty({ enum: ['EdDSA'] })
  alg!: 'EdDSA';

  @ApiProperty({ enum: ['sig'] })
  use!: 'sig';
}

export class JsonWebKeySetDto {
  @ApiProperty({ type: [PublicJwkDto] })
  keys!: PublicJwkDto[];
}
