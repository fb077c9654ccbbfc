/**
 * What the pipeline answers with. A `TextAnswer` is an answer whose body is already text (every
 * tRPC call but a subscription, an idempotent replay): it is written to a node response as is,
 * with no web `Response` around it, whose body stream costs more CPU than the update it
 * carries (docs/performance.md). Refusals and REST answers stay `Response`s.
 */
export class TextAnswer {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly text: string,
  ) {}
}

export type Answer = Response | TextAnswer;

/** The answer's body as text (a Response's is read). */
export const answerText = (answer: Answer): Promise<string> =>
  answer instanceof TextAnswer ? Promise.resolve(answer.text) : answer.text();

/** The answer as a web Response, for fetch-style callers (Next route handlers, tests). */
export const toResponse = (answer: Answer): Response =>
  answer instanceof TextAnswer
    ? new Response(answer.text, { status: answer.status, headers: answer.headers })
    : answer;
