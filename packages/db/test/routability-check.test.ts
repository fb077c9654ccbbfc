import { loadModule, parseSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { checkStatement, type Verdict } from "../src/routability/check-statement";
import { tablePlacements } from "../src/routability/table-placement";

/** The routability checker on its own: statements in, verdicts out (no database). */
const tables = tablePlacements();
beforeAll(() => loadModule());

function check(sql: string, equalParams: number[][] = []): Verdict {
  const verdicts = (parseSync(sql).stmts ?? []).map((s) => checkStatement(s.stmt, tables, equalParams));
  expect(verdicts).toHaveLength(1);
  return verdicts[0] as Verdict;
}
const routed = (sql: string, equalParams?: number[][]) =>
  expect(check(sql, equalParams)).toMatchObject({ class: "routed", problems: [] });
function broken(sql: string, reason: RegExp, equalParams?: number[][]) {
  const v = check(sql, equalParams);
  expect(v.class).toBe("broken");
  expect(v.problems.join("\n")).toMatch(reason);
}

describe("table placement", () => {
  it("distributes every table with a workspace_id that is not listed as global", () => {
    expect(tables.get("contacts")?.placement).toBe("distributed");
    expect(tables.get("contact_history")?.placement).toBe("distributed");
    expect(tables.get("change_feed_heads")?.placement).toBe("distributed");
    expect(tables.get("users")?.placement).toBe("reference");
    expect(tables.get("rate_limits")?.placement).toBe("local");
  });
});

describe("one table", () => {
  it("passes with workspace_id = a parameter or a literal, cast or not", () => {
    routed("select * from contacts where workspace_id = $1 and id = $2");
    routed(`select * from "contacts" where ("contacts"."workspace_id" = $1 and "contacts"."id" = $2)`);
    routed("select * from contacts c where c.workspace_id = 'w1'");
    routed("select * from contacts c where $1::text = c.workspace_id");
    routed("select * from contacts c where c.workspace_id is not distinct from $1");
  });

  it("fails without workspace_id, naming the table", () => {
    broken("select * from contacts where id = $1", /contacts is not constrained/);
    broken("select * from contacts c where c.id = $1", /contacts \(as c\) is not constrained/);
  });

  it("IN of one value passes, of two values fails", () => {
    routed("select * from contacts where workspace_id in ($1)");
    broken("select * from contacts where workspace_id in ($1, $2)", /not constrained/);
    broken("select * from contacts where workspace_id = any($1)", /not constrained/);
  });

  it("an equality under OR or NOT restricts nothing", () => {
    broken("select * from contacts where workspace_id = $1 or id = $2", /not constrained/);
    broken("select * from contacts where not (workspace_id = $1)", /not constrained/);
  });

  it("two values for one statement fail unless the capture saw them equal every time", () => {
    // One row equal to both: they are one value, or nothing is read (any one shard is right).
    routed("select * from contacts where workspace_id = $1 and workspace_id = $2");
    broken(
      "select * from contacts c where c.workspace_id = $1 and exists (select 1 from contact_history h where h.workspace_id = $2)",
      /different values/,
    );
    routed(
      "select * from contacts c where c.workspace_id = $1 and exists (select 1 from contact_history h where h.workspace_id = $2)",
      [[1, 2]],
    );
    broken(
      "select * from contacts c join contact_history h on h.contact_id = c.id where c.workspace_id = 'a' and h.workspace_id = 'b'",
      /different values/,
    );
  });

  it("global and reference tables need no workspace", () => {
    expect(check("select * from workspaces where slug = $1").class).toBe("global");
    expect(check("select * from users where email = $1").class).toBe("global");
    expect(check("update rate_limits set points = points + 1 where key = $1").class).toBe("global");
  });
});

describe("joins", () => {
  it("pass when they equate workspace_id with a pinned table", () => {
    routed(
      "select * from contacts c join contact_connections cc on cc.workspace_id = c.workspace_id and cc.contact_id = c.id where c.workspace_id = $1",
    );
    routed(
      "select * from contacts c join contact_connections cc using (workspace_id) where c.workspace_id = $1",
    );
    // Both pinned to the same value is one shard too.
    routed(
      "select * from contacts c join contact_connections cc on cc.contact_id = c.id where c.workspace_id = $1 and cc.workspace_id = $1",
    );
  });

  it("fail when the join does not equate workspace_id", () => {
    broken(
      "select * from contacts c join contact_connections cc on cc.contact_id = c.id where c.workspace_id = $1",
      /contact_connections \(as cc\) is joined without equating its workspace_id/,
    );
  });

  it("a left join's ON does not pin its preserved side", () => {
    routed(
      "select * from contacts c left join contact_connections cc on cc.workspace_id = c.workspace_id where c.workspace_id = $1",
    );
    broken(
      "select * from contacts c left join contact_connections cc on cc.workspace_id = c.workspace_id and c.workspace_id = $1",
      /contacts \(as c\) is not constrained/,
    );
  });

  it("a join with a reference table is fine", () => {
    routed("select * from contacts c join workspaces w on w.id = c.workspace_id where c.workspace_id = $1");
  });
});

describe("subqueries and CTEs", () => {
  it("a correlated subquery is pinned through the outer table", () => {
    routed(
      "select c.id, (select count(*) from contact_history h where h.workspace_id = c.workspace_id and h.contact_id = c.id) from contacts c where c.workspace_id = $1",
    );
    routed(
      "select * from contacts c where c.workspace_id = $1 and exists (select 1 from contact_external_refs r where r.workspace_id = c.workspace_id and r.contact_id = c.id)",
    );
  });

  it("a subquery in WHERE without workspace_id fails", () => {
    broken(
      "select * from contacts c where c.workspace_id = $1 and c.id in (select contact_id from contact_connections where company_id = $2)",
      /contact_connections is not constrained/,
    );
  });

  it("a subquery does not pin its outer query", () => {
    broken(
      "select * from contacts c where exists (select 1 from contact_history h where h.workspace_id = $1 and h.workspace_id = c.workspace_id)",
      /contacts \(as c\) is not constrained/,
    );
  });

  it("a CTE pins what joins its pinned workspace_id, and must be pinned itself", () => {
    routed(
      "with old as (select c.* from contacts c where c.workspace_id = $1 and c.id = $2) select * from old join contact_history h on h.workspace_id = old.workspace_id and h.contact_id = old.id",
    );
    routed(
      "with p as (select $1::text as workspace_id) select * from contacts c join p on c.workspace_id = p.workspace_id",
    );
    broken(
      "with leak as (select * from contacts where email = $2) select * from leak join contact_history h on h.workspace_id = leak.workspace_id where h.workspace_id = $1",
      /contacts is not constrained/,
    );
  });

  it("a subquery in FROM must be pinned inside, and then pins what joins it", () => {
    routed(
      "select * from (select workspace_id, id from contacts where workspace_id = $1) x join contact_history h on h.workspace_id = x.workspace_id and h.contact_id = x.id",
    );
    broken(
      "select * from (select workspace_id, id from contacts) x join contact_history h on h.workspace_id = x.workspace_id where h.workspace_id = $1",
      /contacts is not constrained/,
    );
  });
});

describe("rows of several values", () => {
  it("a VALUES list or UNION joined as workspace_id must be one value", () => {
    broken(
      "select * from contacts c join (values ('a'), ('b')) v(workspace_id) on c.workspace_id = v.workspace_id",
      /different values/,
    );
    routed(
      "select * from contacts c join (values ($1), ($2)) v(workspace_id) on c.workspace_id = v.workspace_id",
      [[1, 2]],
    );
    broken(
      "with w as (select $1::text as workspace_id union all select $2::text) select * from contacts c join w on c.workspace_id = w.workspace_id",
      /different values/,
    );
  });

  it("subqueries in LIMIT, ORDER BY or HAVING are checked too", () => {
    broken(
      "select * from contacts c where c.workspace_id = $1 limit (select count(*) from contact_history)",
      /contact_history is not constrained/,
    );
    broken(
      "select c.id from contacts c where c.workspace_id = $1 group by c.id having count(*) > (select count(*) from companies)",
      /companies is not constrained/,
    );
  });
});

describe("writes", () => {
  it("INSERT must supply workspace_id as one value", () => {
    routed("insert into companies (workspace_id, id, name) values ($1, $2, $3)");
    routed("insert into companies (workspace_id, id, name) values ($1, $2, $3), ($4, $5, $6)", [[1, 4]]);
    broken("insert into companies (id, name) values ($1, $2)", /does not supply workspace_id/);
    broken(
      "insert into companies (workspace_id, id, name) values ('a', $1, $2), ('b', $3, $4)",
      /different values/,
    );
  });

  it("INSERT … SELECT takes workspace_id from a pinned source", () => {
    routed(
      "insert into contact_history (workspace_id, id, contact_id) select c.workspace_id, $3, c.id from contacts c where c.workspace_id = $1 and c.id = $2",
    );
    broken(
      "insert into change_feed_heads (workspace_id, last_seq) select workspace_id, max(seq) from contact_history group by workspace_id",
      /contact_history is not constrained|from no single value/,
    );
  });

  it("ON CONFLICT stays on the inserted row's shard", () => {
    routed(
      "insert into change_feed_heads (workspace_id, last_seq) values ($1, 0) on conflict (workspace_id) do update set last_seq = change_feed_heads.last_seq + 1 where change_feed_heads.workspace_id = excluded.workspace_id",
    );
  });

  it("UPDATE … FROM and DELETE … USING need workspace_id on both sides", () => {
    routed(
      "update contacts c set version = c.version + 1 from contact_history h where c.workspace_id = $1 and h.workspace_id = c.workspace_id and h.contact_id = c.id",
    );
    broken(
      "update contacts c set version = 1 from contact_history h where c.workspace_id = $1 and h.contact_id = c.id",
      /contact_history \(as h\) is joined without/,
    );
    routed(
      "delete from contact_connections cc using contacts c where c.workspace_id = $1 and cc.workspace_id = c.workspace_id",
    );
    broken("delete from contact_connections where company_id = $1", /not constrained/);
  });

  it("UPDATE may not move a row to another workspace", () => {
    broken(
      "update contacts set workspace_id = $2 where workspace_id = $1 and id = $3",
      /sets workspace_id: Citus cannot move a row/,
    );
  });

  it("data-modifying CTEs are checked each on its own and pinned together", () => {
    routed(
      "with upd as (update contacts c set version = version + 1 where c.workspace_id = $1 and c.id = $2 returning c.workspace_id, c.id) insert into contact_history (workspace_id, id, contact_id) select upd.workspace_id, $3, upd.id from upd",
    );
    broken(
      "with upd as (update contacts c set version = 1 where c.id = $2 returning c.workspace_id, c.id) insert into contact_history (workspace_id, id, contact_id) select upd.workspace_id, $3, upd.id from upd",
      /contacts \(as c\) is not constrained/,
    );
  });
});

describe("statements outside the rule", () => {
  it.each([
    ["begin", "transaction"],
    ["savepoint sp1", "transaction"],
    ["set local jit = off", "session"],
    ['listen "api_key_revoked"', "listen-notify"],
    ["select pg_notify($1, $2)", "listen-notify"],
    ["select pg_advisory_lock($1)", "advisory-lock"],
    ["create index x on contacts (email)", "ddl"],
    ["select 1", "no-table"],
  ])("%s is %s", (sql, cls) => {
    expect(check(sql).class).toBe(cls);
  });
});
