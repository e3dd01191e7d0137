import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class SessionRequestDto {
  @ApiProperty({ description: 'The admin token printed on first start or set with SWITCHYARD_ADMIN_TOKEN' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  token: string;
}

export class SessionResponseDto {
  @ApiProperty({ example: true })
  ok: boolean;
}
