/**
 * A failure whose message tells the operator what happened and what to do (port taken, data dir
 * in use, binaries missing). Entry points print it as one line and exit non-zero, without a stack:
 * a stack trace would bury the one sentence that matters. Anything else reaching them is a bug.
 */
export class OperatorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OperatorError';
  }
}
