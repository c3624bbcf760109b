/**
 * Callback and webhook URLs are configured once for every provider; `{provider}` in them stands for the name of
 * the provider that uses them, so a send that failed over to the secondary reports to the secondary's route.
 */
export function callbackUrlFor(template: string, provider: string): string {
  return template.replaceAll('{provider}', encodeURIComponent(provider))
}
