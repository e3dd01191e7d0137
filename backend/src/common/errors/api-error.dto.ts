import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ApiErrorDetailDto {
  @ApiProperty({ example: 'targets[0].weight' })
  path: string;

  @ApiProperty({ example: 'must be a number' })
  message: string;
}

export class ApiErrorInnerDto {
  @ApiProperty({ example: 'request/invalid-body', description: 'Stable machine-readable code, `<domain>/<what>`' })
  code: string;

  @ApiProperty({ example: 'token must be a string' })
  message: string;

  @ApiPropertyOptional({ type: [ApiErrorDetailDto] })
  details?: ApiErrorDetailDto[];
}

/** The error body every `/api` endpoint answers with. */
export class ApiErrorDto {
  @ApiProperty({ type: ApiErrorInnerDto })
  error: ApiErrorInnerDto;

  @ApiProperty({ example: '0b6f8c2e-7f0c-4a55-9d0e-2f1f0d5c9a11' })
  requestId: string;
}
