import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ example: 'ok', description: '`ok`, or why the database is not reachable' })
  database: string;

  @ApiProperty({ example: 'ok', description: '`ok`, or why the job queue is not reachable' })
  queue: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}

export class SystemInfoDto {
  @ApiProperty({ example: 'switchyard' })
  name: string;

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ enum: ['all', 'api', 'worker'] })
  role: 'all' | 'api' | 'worker';

  @ApiProperty({ enum: ['embedded', 'postgres'] })
  database: 'embedded' | 'postgres';

  @ApiProperty({ enum: ['in-process', 'bull'] })
  queue: 'in-process' | 'bull';

  @ApiProperty({ example: 42 })
  uptimeSeconds: number;
}
