import type { SimResponse } from './sim-response';

/** HubSpot's common error envelope: status, message, correlationId, category. */
export function errorResponse(
  status: number,
  category: string,
  message: string,
  correlationId: string,
  extra: Record<string, unknown> = {},
): SimResponse {
  return { status, body: { status: 'error', message, correlationId, category, ...extra } };
}

export function validationError(message: string, correlationId: string): SimResponse {
  return errorResponse(400, 'VALIDATION_ERROR', message, correlationId);
}

export function missingCredentials(correlationId: string): SimResponse {
  return errorResponse(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    correlationId,
  );
}

export function invalidCredentials(correlationId: string): SimResponse {
  return errorResponse(
    401,
    'INVALID_AUTHENTICATION',
    'The access token used to make this call is not valid (it may have been rotated or its app deleted). Generate a new one in the app settings.',
    correlationId,
  );
}

export function missingScopes(
  requiredScopes: readonly string[],
  correlationId: string,
): SimResponse {
  return errorResponse(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    correlationId,
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: [...requiredScopes] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY';

export function rateLimited(
  policy: RateLimitPolicy,
  correlationId: string,
  retryAfterSeconds?: number,
): SimResponse {
  const message =
    policy === 'DAILY'
      ? 'You have reached your daily limit.'
      : 'You have reached your ten_secondly_rolling limit.';
  return {
    status: 429,
    body: { status: 'error', message, errorType: 'RATE_LIMIT', correlationId, policyName: policy },
    headers: retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  };
}

export function htmlErrorPage(status: 502 | 503 | 504): SimResponse {
  const title = {
    502: 'Bad Gateway',
    503: 'Service Temporarily Unavailable',
    504: 'Gateway Time-out',
  }[status];
  return {
    status,
    html: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`,
  };
}
