import type { TableInfo } from "./table-placement";

/**
 * Whether one parsed statement (libpg-query's JSON AST) can be routed by Citus to the one shard
 * of one workspace (docs/scaling-citus.md). Pure: it reads the tree and the table placements.
 *
 * The rule, per query level (the statement, each CTE, each subquery in FROM or in an
 * expression): every distributed table it reads or writes is PINNED, that is its
 * `workspace_id` is equal to a constant (a parameter or a literal), directly or through
 * equalities with other pinned columns: another distributed table's `workspace_id`, an output
 * `workspace_id` of a CTE or subquery that is itself pinned, or an outer query's pinned table
 * (a correlated subquery). Equalities count only where they restrict the table: top-level
 * AND terms of WHERE and of inner-join ON clauses; an outer join's ON restricts only its
 * nullable side; OR, NOT and `= ANY(…)` restrict nothing. An INSERT pins its table by the
 * `workspace_id` it supplies. Over the whole statement, every pin must lead to ONE constant:
 * `workspace_id = $1` here and `= $2` there may be two shards.
 */
export type StatementClass =
  | "routed"
  | "global"
  | "no-table"
  | "advisory-lock"
  | "listen-notify"
  | "transaction"
  | "session"
  | "ddl"
  | "broken";

export interface Verdict {
  class: StatementClass;
  /** Why the statement cannot be routed to one shard (class "broken" only). */
  problems: string[];
  /** The distributed tables it touches. */
  distributed: string[];
}

type Tables = ReadonlyMap<string, TableInfo>;
type Obj = Record<string, unknown>;

const WS = "workspace_id";

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A wrapped node `{ Type: {...} }` as [Type, body]. */
function unwrap(v: unknown): [string, Obj] | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  const body = v[key];
  return isObj(body) ? [key, body] : undefined;
}
const str = (v: unknown): string | undefined => {
  const u = unwrap(v);
  return u?.[0] === "String" ? (u[1].sval as string) : undefined;
};

// ---------------------------------------------------------------------------------------------
// Scopes: the relations of one query level, and which of them are pinned to which constants.

interface Rel {
  alias: string;
  /** The table's name when it is a table; undefined for a CTE, subquery or function. */
  table?: string;
  distributed: boolean;
  /** Column names, when known (a table's, or a derived relation's outputs). */
  columns?: readonly string[];
  /** For a derived relation: the constants its output workspace_id is pinned to. */
  outputPins?: Set<string>;
  /** Constants this relation's workspace_id is pinned to, once its level is solved. */
  pins: Set<string>;
}

interface Scope {
  parent?: Scope;
  rels: Rel[];
  ctes: Map<string, Output[]>;
}

interface Output {
  name?: string;
  /** Constants the column is pinned to; empty when it is not a pinned workspace id. */
  pins: Set<string>;
  /**
   * The pins are each a different row's (rows of VALUES, sides of a UNION), not one value:
   * they must still be one value for one shard.
   */
  perRow?: boolean;
}

/** An equality term: "a pins b" edges between relation columns and constants. */
type Term = { kind: "rel"; rel: Rel } | { kind: "const"; pins: Set<string> } | { kind: "none" };

interface Edge {
  from: Term;
  to: Term;
}

class Checker {
  problems: string[] = [];
  distributed = new Set<string>();
  touchedTable = false;
  /** Sets of constants that must be one value; unioned as pins meet. */
  private constantClasses: Set<string>[] = [];

  /** Parameters that carried one value in every captured execution, as their group's first. */
  private readonly sameAs = new Map<string, string>();

  constructor(
    private readonly tables: Tables,
    equalParams: readonly (readonly number[])[],
  ) {
    for (const group of equalParams)
      for (const n of group) this.sameAs.set(`$${n}`, `$${Math.min(...group)}`);
  }

  problem(message: string) {
    if (!this.problems.includes(message)) this.problems.push(message);
  }

  /** Records that `pins` are constants a single row's workspace_id is equal to at once. */
  joinConstants(pins: Set<string>) {
    if (pins.size === 0) return;
    const merged = new Set([...pins].map((p) => this.sameAs.get(p) ?? p));
    this.constantClasses = this.constantClasses.filter((c) => {
      if ([...c].some((p) => merged.has(p))) {
        for (const p of c) merged.add(p);
        return false;
      }
      return true;
    });
    this.constantClasses.push(merged);
  }

  finish() {
    if (this.constantClasses.length > 1)
      this.problem(
        `workspace_id is pinned to different values (${this.constantClasses
          .map((c) => [...c].join(" = "))
          .join(" vs ")}): two shards unless they are equal`,
      );
  }

  // -------------------------------------------------------------------------------------------
  // Query levels

  /** Any query (SELECT, INSERT, UPDATE, DELETE), wrapped; returns its output columns. */
  query(node: unknown, parent: Scope | undefined): Output[] {
    const u = unwrap(node);
    if (!u) return [];
    const [type, body] = u;
    switch (type) {
      case "SelectStmt":
        return this.select(body, parent);
      case "InsertStmt":
        return this.insert(body, parent);
      case "UpdateStmt":
        return this.update(body, parent);
      case "DeleteStmt":
        return this.delete(body, parent);
      default:
        this.problem(`unexpected ${type} inside a query`);
        return [];
    }
  }

  private newScope(parent: Scope | undefined, withClause: unknown): Scope {
    const scope: Scope = { parent, rels: [], ctes: new Map(parent?.ctes ?? []) };
    if (!isObj(withClause)) return scope;
    for (const item of list(withClause.ctes)) {
      const cte = unwrap(item)?.[1];
      if (!cte) continue;
      const name = cte.ctename as string;
      // A recursive CTE's reference to itself is not pinned until proven by its base.
      scope.ctes.set(name, []);
      let outputs = this.query(cte.ctequery, scope);
      const names = list(cte.aliascolnames).map(str);
      if (names.length) outputs = outputs.map((o, i) => ({ ...o, name: names[i] ?? o.name }));
      scope.ctes.set(name, outputs);
    }
    return scope;
  }

  private select(s: Obj, parent: Scope | undefined): Output[] {
    if (s.op && s.op !== "SETOP_NONE") {
      const scope = this.newScope(parent, s.withClause);
      const left = this.select(s.larg as Obj, scope);
      const right = this.select(s.rarg as Obj, scope);
      // A column of a UNION is pinned when both sides pin it.
      return left.map((o, i) => ({
        name: o.name,
        pins:
          right[i]?.pins.size && o.pins.size ? new Set([...o.pins, ...(right[i]?.pins ?? [])]) : new Set(),
        perRow: true,
      }));
    }
    const scope = this.newScope(parent, s.withClause);
    if (s.valuesLists) return this.values(list(s.valuesLists), scope);
    const edges: Edge[] = [];
    const later: (() => void)[] = [];
    for (const item of list(s.fromClause)) this.fromItem(item, scope, edges, later, "inner");
    for (const term of conjuncts(s.whereClause)) this.equality(term, scope, edges, "both");
    this.solve(scope, edges);
    for (const run of later) run();
    this.sublinks(rest(s, ["withClause", "fromClause"]), scope);
    this.requirePinned(scope);
    return this.outputs(list(s.targetList), scope);
  }

  private values(rows: unknown[], scope: Scope): Output[] {
    const width = list(unwrap(rows[0])?.[1].items).length;
    const outputs: Output[] = [];
    for (let i = 0; i < width; i++) {
      // Each row of a multi-row VALUES names its own constant; Citus routes each row to its
      // shard. Rows of one statement carry the actor's one workspace in this code base.
      const pins = new Set<string>();
      let all = true;
      for (const row of rows) {
        const value = constantOf(list(unwrap(row)?.[1].items)[i]);
        if (value === undefined) all = false;
        else pins.add(value);
      }
      outputs.push({ pins: all ? pins : new Set(), perRow: true });
    }
    for (const row of rows) this.sublinks(row, scope);
    return outputs;
  }

  private insert(s: Obj, parent: Scope | undefined): Output[] {
    const scope = this.newScope(parent, s.withClause);
    // The source first: its columns must not resolve to the table being written.
    const source = s.selectStmt ? this.query(s.selectStmt, scope) : [];
    const rel = this.tableRel(s.relation as Obj, scope);
    const cols = list(s.cols).map((c) => unwrap(c)?.[1].name as string);
    if (rel.distributed) {
      const at = cols.indexOf(WS);
      if (cols.length === 0) this.problem(`INSERT INTO ${rel.table} names no columns: say workspace_id`);
      else if (at < 0) this.problem(`INSERT INTO ${rel.table} does not supply workspace_id`);
      else {
        const pins = source[at]?.pins ?? new Set<string>();
        if (pins.size === 0) this.problem(`INSERT INTO ${rel.table} takes workspace_id from no single value`);
        rel.pins = new Set(pins);
        if (source[at]?.perRow) this.oneValuePerRow(pins, `rows inserted into ${rel.table}`);
        this.joinConstants(rel.pins);
      }
    }
    const conflict = s.onConflictClause;
    if (isObj(conflict)) {
      // The row updated on conflict is the one the INSERT would have written: the same shard.
      scope.rels.push({
        ...rel,
        alias: "excluded",
        table: undefined,
        distributed: false,
        outputPins: rel.pins,
      });
      this.sublinks(conflict.targetList, scope);
      this.sublinks(conflict.whereClause, scope);
    }
    const returning = list(isObj(s.returningClause) ? s.returningClause.exprs : s.returningList);
    this.sublinks(returning, scope);
    return this.outputs(returning, scope);
  }

  private update(s: Obj, parent: Scope | undefined): Output[] {
    const scope = this.newScope(parent, s.withClause);
    const rel = this.tableRel(s.relation as Obj, scope);
    const edges: Edge[] = [];
    const later: (() => void)[] = [];
    for (const item of list(s.fromClause)) this.fromItem(item, scope, edges, later, "inner");
    for (const term of conjuncts(s.whereClause)) this.equality(term, scope, edges, "both");
    this.solve(scope, edges);
    for (const run of later) run();
    this.sublinks(
      rest(s, ["withClause", "relation", "fromClause", "returningClause", "returningList"]),
      scope,
    );
    for (const target of list(s.targetList))
      if (unwrap(target)?.[1].name === WS && rel.distributed)
        this.problem(`UPDATE ${rel.table} sets workspace_id: Citus cannot move a row to another shard`);
    this.requirePinned(scope);
    const returning = list(isObj(s.returningClause) ? s.returningClause.exprs : s.returningList);
    this.sublinks(returning, scope);
    return this.outputs(returning, scope);
  }

  private delete(s: Obj, parent: Scope | undefined): Output[] {
    const scope = this.newScope(parent, s.withClause);
    this.tableRel(s.relation as Obj, scope);
    const edges: Edge[] = [];
    const later: (() => void)[] = [];
    for (const item of list(s.usingClause)) this.fromItem(item, scope, edges, later, "inner");
    for (const term of conjuncts(s.whereClause)) this.equality(term, scope, edges, "both");
    this.solve(scope, edges);
    for (const run of later) run();
    this.sublinks(
      rest(s, ["withClause", "relation", "usingClause", "returningClause", "returningList"]),
      scope,
    );
    this.requirePinned(scope);
    const returning = list(isObj(s.returningClause) ? s.returningClause.exprs : s.returningList);
    this.sublinks(returning, scope);
    return this.outputs(returning, scope);
  }

  /**
   * The pins of a CTE's or subquery's workspace_id column, for what joins it. Pins of
   * different rows (VALUES, UNION) are each one value that must be the statement's one value.
   */
  private derivedPins(outputs: Output[]): Set<string> | undefined {
    const ws = outputs.find((o) => o.name === WS);
    if (ws?.perRow) this.oneValuePerRow(ws.pins, "rows joined as workspace_id");
    return ws?.pins;
  }

  /**
   * Pins of different rows must be one value (or parameters seen equal), checked here: once
   * they pin a table together, joinConstants would take them for one row's equal values.
   */
  private oneValuePerRow(pins: Set<string>, what: string) {
    const values = new Set([...pins].map((p) => this.sameAs.get(p) ?? p));
    if (values.size > 1)
      this.problem(
        `${what} carry different values (${[...values].join(", ")}): two shards unless they are equal`,
      );
  }

  // -------------------------------------------------------------------------------------------
  // FROM items

  /** A table (or CTE) named in FROM or as the target of a write, added to the scope. */
  private tableRel(rv: Obj, scope: Scope): Rel {
    const name = rv.relname as string;
    const alias = (isObj(rv.alias) ? (rv.alias.aliasname as string) : undefined) ?? name;
    const cte = rv.schemaname ? undefined : scope.ctes.get(name);
    let rel: Rel;
    if (cte) {
      rel = {
        alias,
        distributed: false,
        columns: cte.map((o) => o.name ?? "?"),
        outputPins: this.derivedPins(cte),
        pins: new Set(),
      };
    } else {
      const info = !rv.schemaname || rv.schemaname === "public" ? this.tables.get(name) : undefined;
      if (info) this.touchedTable = true;
      const distributed = info?.placement === "distributed";
      if (distributed) this.distributed.add(name);
      rel = { alias, table: name, distributed, columns: info?.columns, pins: new Set() };
    }
    scope.rels.push(rel);
    return rel;
  }

  /**
   * One FROM item: its relations join the scope, its ON equalities the edges. `side` says
   * which of them an outer join restricts ("inner": all; "preserved": none of them).
   */
  private fromItem(item: unknown, scope: Scope, edges: Edge[], later: (() => void)[], side: Side): Rel[] {
    const u = unwrap(item);
    if (!u) return [];
    const [type, body] = u;
    if (type === "RangeVar") return [this.tableRel(body, scope)];
    if (type === "JoinExpr") {
      const kind = body.jointype as string;
      const leftSide: Side = kind === "JOIN_RIGHT" || kind === "JOIN_FULL" ? "nullable" : "inner";
      const rightSide: Side = kind === "JOIN_LEFT" || kind === "JOIN_FULL" ? "nullable" : "inner";
      const left = this.fromItem(body.larg, scope, edges, later, leftSide === "inner" ? side : leftSide);
      const right = this.fromItem(body.rarg, scope, edges, later, rightSide === "inner" ? side : rightSide);
      const direction: Direction =
        kind === "JOIN_LEFT"
          ? { restricts: right }
          : kind === "JOIN_RIGHT"
            ? { restricts: left }
            : kind === "JOIN_FULL"
              ? { restricts: [] }
              : "both";
      for (const term of conjuncts(body.quals)) this.equality(term, scope, edges, direction);
      if (list(body.usingClause).map(str).includes(WS)) {
        const l = left.find(exposesWorkspace);
        const r = right.find(exposesWorkspace);
        if (l && r) addEquality(edges, { kind: "rel", rel: l }, { kind: "rel", rel: r }, direction);
      }
      later.push(() => this.sublinks(body.quals, scope));
      return [...left, ...right];
    }
    if (type === "RangeSubselect") {
      const alias = isObj(body.alias) ? (body.alias.aliasname as string) : "?";
      const rel: Rel = { alias, distributed: false, pins: new Set() };
      const check = () => {
        let outputs = this.query(body.subquery, scope);
        const names = isObj(body.alias) ? list(body.alias.colnames).map(str) : [];
        if (names.length) outputs = outputs.map((o, i) => ({ ...o, name: names[i] ?? o.name }));
        rel.columns = outputs.map((o) => o.name ?? "?");
        rel.outputPins = this.derivedPins(outputs);
      };
      // A LATERAL subquery may read this level's tables: checked once they are solved, and
      // its output then pins nothing here (conservative).
      if (body.lateral) later.push(check);
      else check();
      scope.rels.push(rel);
      return [rel];
    }
    if (type === "RangeFunction") {
      const alias = isObj(body.alias) ? (body.alias.aliasname as string) : "?";
      const rel: Rel = { alias, distributed: false, columns: [], pins: new Set() };
      later.push(() => this.sublinks(body.functions, scope));
      scope.rels.push(rel);
      return [rel];
    }
    this.problem(`unsupported FROM item ${type}`);
    return [];
  }

  // -------------------------------------------------------------------------------------------
  // Equalities and solving

  private equality(term: unknown, scope: Scope, edges: Edge[], direction: Direction) {
    const u = unwrap(term);
    if (u?.[0] !== "A_Expr") return;
    const e = u[1];
    const op = str(list(e.name)[0]);
    let right: unknown = e.rexpr;
    if (e.kind === "AEXPR_IN") {
      // `workspace_id IN (x)` with exactly one element is an equality; with two it is not.
      const items = list(unwrap(e.rexpr)?.[1].items);
      if (items.length !== 1) return;
      right = items[0];
    } else if (!(op === "=" && (e.kind === "AEXPR_OP" || e.kind === "AEXPR_NOT_DISTINCT"))) return;
    const a = this.term(e.lexpr, scope);
    const b = this.term(right, scope);
    addEquality(edges, a, b, direction);
  }

  /** What an expression is for pinning: a workspace_id column, a constant, or neither. */
  private term(expr: unknown, scope: Scope): Term {
    const value = constantOf(expr);
    if (value !== undefined) return { kind: "const", pins: new Set([value]) };
    const u = unwrap(expr);
    if (u?.[0] === "TypeCast") return this.term(u[1].arg, scope);
    if (u?.[0] !== "ColumnRef") return { kind: "none" };
    const fields = list(u[1].fields).map(str);
    if (fields[fields.length - 1] !== WS) return { kind: "none" };
    const found = resolve(fields.length > 1 ? (fields[fields.length - 2] as string) : undefined, scope);
    if (!found) return { kind: "none" };
    if (found.scope !== scope)
      // An outer query's column: a constant here, pinned as the outer level solved it.
      return { kind: "const", pins: pinsOf(found.rel) };
    if (found.rel.outputPins?.size) return { kind: "const", pins: found.rel.outputPins };
    return { kind: "rel", rel: found.rel };
  }

  private solve(scope: Scope, edges: Edge[]) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const { from, to } of edges) {
        if (to.kind !== "rel") continue;
        const pins = from.kind === "const" ? from.pins : from.kind === "rel" ? from.rel.pins : undefined;
        if (!pins) continue;
        for (const p of pins)
          if (!to.rel.pins.has(p)) {
            to.rel.pins.add(p);
            changed = true;
          }
      }
    }
    for (const rel of scope.rels) if (rel.distributed) this.joinConstants(rel.pins);
  }

  private requirePinned(scope: Scope) {
    for (const rel of scope.rels) {
      if (!rel.distributed || rel.pins.size > 0) continue;
      const joined = scope.rels.some((r) => r !== rel && r.distributed && r.pins.size > 0);
      const as = rel.alias === rel.table ? "" : ` (as ${rel.alias})`;
      this.problem(
        joined
          ? `${rel.table}${as} is joined without equating its workspace_id to a pinned table's`
          : `${rel.table}${as} is not constrained by workspace_id = one value`,
      );
    }
  }

  /** The output columns of a target or RETURNING list, and which of them are pinned. */
  private outputs(targets: unknown[], scope: Scope): Output[] {
    const outputs: Output[] = [];
    for (const target of targets) {
      const t = unwrap(target)?.[1];
      if (!t) continue;
      const val = unwrap(t.val);
      if (val?.[0] === "ColumnRef") {
        const fields = list(val[1].fields);
        const last = fields[fields.length - 1];
        if (unwrap(last)?.[0] === "A_Star") {
          const qualifier = fields.length > 1 ? str(fields[fields.length - 2]) : undefined;
          const rels = qualifier ? [resolve(qualifier, scope)?.rel] : scope.rels;
          for (const rel of rels)
            for (const column of rel?.columns ?? [])
              outputs.push({ name: column, pins: column === WS && rel ? pinsOf(rel) : new Set() });
          continue;
        }
      }
      const term = this.term(t.val, scope);
      const name =
        (t.name as string | undefined) ??
        (val?.[0] === "ColumnRef" ? str(list(val[1].fields).at(-1)) : undefined);
      outputs.push({
        name,
        pins: term.kind === "const" ? term.pins : term.kind === "rel" ? pinsOf(term.rel) : new Set(),
      });
    }
    return outputs;
  }

  /** Checks every subquery inside expressions (EXISTS, IN, scalar) as a level of its own. */
  sublinks(node: unknown, scope: Scope) {
    if (Array.isArray(node)) {
      for (const n of node) this.sublinks(n, scope);
      return;
    }
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "SubLink" && isObj(value)) {
        this.sublinks(value.testexpr, scope);
        this.query(value.subselect, scope);
        continue;
      }
      if (key === "SelectStmt" || key === "InsertStmt" || key === "UpdateStmt" || key === "DeleteStmt") {
        this.query(node, scope);
        continue;
      }
      this.sublinks(value, scope);
    }
  }
}

type Side = "inner" | "nullable";
type Direction = "both" | { restricts: Rel[] };

const exposesWorkspace = (rel: Rel) => rel.distributed || (rel.outputPins?.size ?? 0) > 0;

function pinsOf(rel: Rel): Set<string> {
  return rel.outputPins?.size ? rel.outputPins : rel.distributed ? rel.pins : new Set();
}

function addEquality(edges: Edge[], a: Term, b: Term, direction: Direction) {
  const restricts = (t: Term) =>
    t.kind === "rel" && (direction === "both" || direction.restricts.includes(t.rel));
  if (restricts(b)) edges.push({ from: a, to: b });
  if (restricts(a)) edges.push({ from: b, to: a });
}

function resolve(qualifier: string | undefined, scope: Scope): { rel: Rel; scope: Scope } | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const rel = qualifier
      ? s.rels.find((r) => r.alias === qualifier)
      : s.rels.find((r) => r.columns?.includes(WS) || r.distributed);
    if (rel) return { rel, scope: s };
  }
  return undefined;
}

/** A node without the keys already walked. */
function rest(node: Obj, without: string[]): Obj {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !without.includes(key)));
}

/** The top-level AND terms of a condition. */
function conjuncts(node: unknown): unknown[] {
  const u = unwrap(node);
  if (u?.[0] === "BoolExpr" && u[1].boolop === "AND_EXPR") return list(u[1].args).flatMap(conjuncts);
  return node === undefined ? [] : [node];
}

/** A parameter or literal (possibly cast), as a key naming its value; else undefined. */
function constantOf(expr: unknown): string | undefined {
  const u = unwrap(expr);
  if (!u) return undefined;
  if (u[0] === "ParamRef") return `$${u[1].number}`;
  if (u[0] === "A_Const")
    return u[1].isnull ? undefined : JSON.stringify(u[1]).replace(/,?"location":\d+/g, "");
  if (u[0] === "TypeCast") return constantOf(u[1].arg);
  return undefined;
}

const DDL = /^(Create|Alter|Drop|Index|Comment|Grant|Rename|Truncate|Do|Define|Reindex|Vacuum|Cluster)/;

/**
 * The verdict on one statement of a parsed text (`stmts[i].stmt`). `equalParams`: groups of
 * parameter numbers known to carry one value (the capture's evidence, see sql-capture.ts).
 */
export function checkStatement(
  stmt: unknown,
  tables: Tables,
  equalParams: readonly (readonly number[])[] = [],
): Verdict {
  const u = unwrap(stmt);
  const verdict = (cls: StatementClass): Verdict => ({ class: cls, problems: [], distributed: [] });
  if (!u) return { class: "broken", problems: ["not a statement"], distributed: [] };
  const [type, body] = u;
  if (type === "TransactionStmt") return verdict("transaction");
  if (type === "VariableSetStmt" || type === "VariableShowStmt") return verdict("session");
  if (type === "ListenStmt" || type === "UnlistenStmt" || type === "NotifyStmt")
    return verdict("listen-notify");
  if (DDL.test(type)) return verdict("ddl");
  if (type === "ExplainStmt") return checkStatement(body.query, tables, equalParams);
  if (!["SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt"].includes(type))
    return { class: "broken", problems: [`unclassified statement ${type}`], distributed: [] };
  const checker = new Checker(tables, equalParams);
  checker.query(stmt, undefined);
  checker.finish();
  const distributed = [...checker.distributed].sort();
  if (checker.problems.length) return { class: "broken", problems: checker.problems, distributed };
  if (distributed.length) return { class: "routed", problems: [], distributed };
  if (checker.touchedTable) return { class: "global", problems: [], distributed };
  const functions = JSON.stringify(stmt).match(/"sval":"(pg_advisory\w*|pg_notify)"/);
  if (functions?.[1] === "pg_notify") return verdict("listen-notify");
  if (functions) return verdict("advisory-lock");
  return verdict("no-table");
}
