// The root type check (tsconfig.json, which includes apps/*/src) sees the page's DOM code too.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
