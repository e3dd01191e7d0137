// Graders and judge-prompt templates (`/api/graders`, `/api/templates`).

export interface GraderTypeDto {
  type: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface GraderDto {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/graders/try`: a score, or why the grader could not decide. */
/** Where a template problem is (1-based) and what it is. */
export interface TemplateErrorDto {
  line: number;
  column: number;
  message: string;
}

/** `POST /api/templates/validate` */
export interface TemplateCheckDto {
  ok: boolean;
  error?: TemplateErrorDto;
  variables: string[];
  available: Array<{ name: string; description: string }>;
  /** The system message the judge model gets before this prompt; present whenever the template parses. */
  system?: string;
  /** The template rendered with the sample: the user message the judge model gets. */
  preview?: string;
}

export interface GradeResultDto {
  ok: boolean;
  score?: number;
  pass?: boolean;
  reason?: string;
  error?: string;
  judgeCostUsd?: number;
}
