/**
 * An error as a log line: the driver's own message (drizzle wraps it in one that lists the query's parameters,
 * which can be personal data), its first line only, with anything like an email address masked.
 */
export const errorText = (err: unknown) =>
  String((err as { cause?: Error })?.cause?.message ?? (err as Error)?.message ?? err)
    .split('\n')[0]!
    .replace(/\S+@\S+/g, '<email>')
    .slice(0, 200);

/**
 * An order id is a capability (/orders/:id/done shows the ticket link), so logs name an order by its first
 * 8 characters: enough to find it (`id LIKE 'abcd1234%'`), useless for opening it (88 random bits stay unknown).
 */
export const logRef = (id: string) => id.slice(0, 8);
