export const SQL_DIALECTS = ['sqlite', 'postgres', 'mssql'] as const
export type SqlDialectName = (typeof SQL_DIALECTS)[number]
