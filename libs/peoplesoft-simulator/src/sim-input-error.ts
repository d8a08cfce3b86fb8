/** A bad request to a test/demo endpoint or mutator; the HTTP layer answers 400 or 404. */
export class SimInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'SimInputError';
  }
}
