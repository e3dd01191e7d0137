import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

const ACTOR = Symbol('switchyard.actor');

/** Set by the admin guard: who is making this admin call, as recorded in version histories. */
export function setActor(req: object, actor: string): void {
  (req as Record<symbol, string>)[ACTOR] = actor;
}

/** The admin credential that authorised this request (`admin` for the admin token). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return (ctx.switchToHttp().getRequest<Record<symbol, string>>()[ACTOR] as string | undefined) ?? 'admin';
});
