// The text form both probe SWFs use to report a value they received (RemotingProbe.hx `describe`,
// the AVM1 `d` function in test/fixtures/flash/avm1/remoting-probe.ts). The test describes the
// value it expects with the same rules and compares strings, so a report pins type and content:
//   null/undefined -> null, boolean -> b:true, number -> n:42.5, string -> s:text, Date -> d:<ms>,
//   array -> [a,b], other object -> {key=value,...} with keys in code-unit order, an instance of a
//   named class -> Name{key=value,...}.

/** Lets a caller name a value (a class instance) and give the members to list; undefined means "plain". */
export type NameOf = (value: object) => { readonly name: string; readonly members: Record<string, unknown> } | undefined;

export function describeValue(value: unknown, nameOf?: NameOf): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return `b:${value}`;
    case 'number':
      return `n:${String(value)}`;
    case 'string':
      return `s:${value}`;
    default:
      break;
  }
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map((x) => describeValue(x, nameOf)).join(',')}]`;
  const named = nameOf?.(value as object);
  const record = named?.members ?? (value as Record<string, unknown>);
  const keys = Object.keys(record).sort();
  return `${named?.name ?? ''}{${keys.map((k) => `${k}=${describeValue(record[k], nameOf)}`).join(',')}}`;
}
