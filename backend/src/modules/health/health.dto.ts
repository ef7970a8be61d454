import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ enum: ['up'] })
  database!: 'up';

  @ApiProperty({ enum: ['up', 'inline'], description: '"inline": no Redis, jobs run inside the API process' })
  queue!: 'up' | 'inline';
}

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'], description: 'The process is up and serving; no dependency is consulted' })
  status!: 'ok';
}
