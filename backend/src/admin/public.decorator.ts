import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchyard:public';

/** Marks a handler that answers without the admin credential (health checks, the login exchange, the console). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
