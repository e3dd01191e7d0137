import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateKeyDto {
  @ApiProperty({ example: 'support-bot production' }) @IsString() @Length(1, 200) name: string;
}

export class KeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'sy-AbCdEfG', description: 'The first characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedKeyDto extends KeyDto {
  @ApiProperty({ description: 'The secret: shown this once, store it now' }) secret: string;
}
