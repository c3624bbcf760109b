/** The SMS service's internal endpoints the function forwards to. */
export const INTERNAL_PATHS = {
  consentUpdate: '/api/internal/consent/update',
  deliveryStatus: '/api/internal/delivery-status',
} as const
