import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { validationError } from '../common/validation/validation.js';
import { ChatService } from '../gateway/chat.service.js';
import type { GradeInput } from './grader.js';
import { GraderEntity } from './grader.entity.js';
import { checkGraderSpec, type GraderSpec, runGrader } from './registry.js';

/** Saved graders, and running a grader with the gateway behind its judge and embedding calls. */
@Injectable()
export class GradersService {
  constructor(
    @InjectRepository(GraderEntity) private readonly graders: Repository<GraderEntity>,
    private readonly chat: ChatService,
  ) {}

  check(spec: GraderSpec, path = ''): void {
    const problems = checkGraderSpec(spec, path);
    if (problems.length) throw validationError(problems);
  }

  list(): Promise<GraderEntity[]> {
    return this.graders.find({ order: { name: 'ASC' } });
  }

  async get(name: string): Promise<GraderEntity> {
    const g = await this.graders.findOneBy({ name });
    if (!g) throw new AppError('graders/not-found', `No grader named ${name}`, 404);
    return g;
  }

  async create(name: string, spec: GraderSpec, description = ''): Promise<GraderEntity> {
    this.check(spec);
    if (await this.graders.existsBy({ name }))
      throw new AppError('graders/name-taken', `A grader named ${name} exists already`, 409, [{ path: 'name', message: 'is already used' }]);
    return this.graders.save(this.graders.create({ name, type: spec.type, config: spec.config ?? {}, description }));
  }

  async update(name: string, spec: GraderSpec, description?: string): Promise<GraderEntity> {
    this.check(spec);
    const g = await this.get(name);
    g.type = spec.type;
    g.config = spec.config ?? {};
    if (description !== undefined) g.description = description;
    return this.graders.save(g);
  }

  async remove(name: string): Promise<void> {
    const g = await this.get(name);
    await this.graders.delete({ id: g.id });
  }

  /** Grades one output; judge and embedding calls go through the gateway (routes, fallbacks, logged with cost). */
  async run(spec: GraderSpec, x: Omit<GradeInput, 'ctx'>) {
    let judgeCostUsd = 0;
    const ctx: GradeInput['ctx'] = {
      judge: async (model, messages) => {
        const { response, costUsd } = await this.chat.completeInternal({ model, messages, temperature: 0 }, 'grader');
        judgeCostUsd += costUsd ?? 0;
        return { text: response.choices[0]?.message.content ?? '', costUsd };
      },
      embed: (model, texts) => this.chat.embedInternal(model, texts),
    };
    const r = await runGrader(spec, { ...x, ctx });
    return { ...r, judgeCostUsd };
  }
}
