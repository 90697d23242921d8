/** One error type for every expected failure; the code is stable and part of the API. */
export const errorStatus = {
  invalid_input: 400,
  invalid_signature: 400,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  sold_out: 409,
  sales_closed: 409,
  event_cancelled: 409,
  not_refundable: 409,
  sales_not_open: 409,
  code_invalid: 400,
  code_expired: 409,
  code_used_up: 409,
  not_transferable: 409,
  not_cancellable: 409,
  offer_unavailable: 409,
  pairing_used: 410,
  pairing_expired: 410,
  device_revoked: 401,
  payments_not_configured: 503,
  payment_provider_error: 502,
  internal: 500,
  /** the deployment's settings are missing or invalid (src/settings-error.ts): the operator's to fix */
  settings_invalid: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export function errorBody(err: AppError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}
