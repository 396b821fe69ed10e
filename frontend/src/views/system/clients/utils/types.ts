export interface ClientFormModel {
  name: string
  scopes: string[]
  region_code: string | null
}

/** Read-only scopes a provincial system may be granted. */
export const CLIENT_SCOPES = ['enterprise:read', 'case:read', 'investment:read', 'trade:read', 'stats:read']
