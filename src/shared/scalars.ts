import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';

/**
 * The date scalars accept only what PostgreSQL stores and what ISO 8601 writes with four digits:
 * years 0001 to 9999 (PostgreSQL has no year 0, and "0000-01-01" is its error 22008). A value
 * outside is refused at coercion with BAD_USER_INPUT, before any resolver or SQL runs.
 */
const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

function outOfRange(what: string): GraphQLError {
  return new GraphQLError(`${what} must lie between years 0001 and 9999`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Wraps a scalar's input coercion with a check of the parsed value. */
function checkedInput<T>(base: GraphQLScalarType, check: (value: T) => void) {
  return {
    parseValue(value: unknown) {
      const parsed = base.parseValue(value) as T;
      check(parsed);
      return parsed;
    },
    parseLiteral(node: ValueNode, variables?: Record<string, unknown> | null) {
      const parsed = base.parseLiteral(node, variables) as T;
      check(parsed);
      return parsed;
    },
  };
}

/**
 * graphql-scalars' DateTime within years 0001–9999 (UTC), also serializing PostgreSQL's timestamp
 * text ("2022-06-14 02:30:00+00"): MikroORM turns pg's timestamp parsing off, so lean knex reads
 * return strings, not Dates.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  ...checkedInput<Date>(DateTimeResolver, (date) => {
    const time = date.getTime();
    if (!(time >= EARLIEST && time <= LATEST)) throw outOfRange(`DateTime ${date.toISOString()}`);
  }),
  serialize(value: unknown) {
    const date = typeof value === 'string' ? new Date(value) : value;
    return DateTimeResolver.serialize(date instanceof Date && !Number.isNaN(date.getTime()) ? date : value);
  },
});

/**
 * A calendar day, "2026-11-27", with no time and no zone: the newsroom's day. Strictly validated
 * (graphql-scalars' LocalDate: no "2026-02-30"; years 0001–9999), kept a string on both sides.
 * Named `Date` as the API speaks of days; instants are `DateTime`.
 */
export const CalendarDateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  ...checkedInput<string>(LocalDateResolver, (day) => {
    if (day.startsWith('0000')) throw outOfRange(`Date ${day}`);
  }),
  name: 'Date',
  description: 'A calendar day in the newsroom time zone, YYYY-MM-DD (e.g. 2026-11-27)',
});
