/**
 * Applies Compose interpolation to one value the way `docker compose` does with an empty environment:
 * `${VAR:-default}` and `${VAR-default}` give the default, `${VAR}` gives '', `$$` is a literal `$`.
 */
export function resolveComposeValue(value: string, env: Record<string, string | undefined> = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced, op, fallback, bare) => {
      if (match === '$$') return '$'
      const name = (braced ?? bare) as string
      const current = env[name]
      if (op === ':-') return current === undefined || current === '' ? (fallback as string) : current
      if (op === '-') return current === undefined ? (fallback as string) : current
      return current ?? ''
    },
  )
}
