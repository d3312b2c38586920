"""Loads a leads CSV into a real SQL engine as table `leads`, runs an exported query, prints the rows as JSON.

    python3 engine.py duckdb|postgres|spark text,typed LEADS.csv QUERY.sql

prints {"text": [rows], "typed": [rows]} for the loads named.

`text` loads every column as text (as a CSV lands without type inference); `typed` lets the engine's own
types stand: DuckDB's and Spark's CSV inference, and for PostgreSQL the narrowest of BIGINT, DOUBLE
PRECISION, BOOLEAN, DATE and TEXT that holds every value of the column (PostgreSQL infers nothing).
Empty fields load as NULL. For PostgreSQL a server is started for the run (postgres.sh: initdb into a
temporary folder, a free loopback port) and stopped afterwards. Used by Tests/LeadScoreTests/EndToEnd/WarehouseTests.swift.
"""
import csv, datetime, json, math, subprocess, sys


def rows_as_json(columns, rows):
    def value(v):
        if isinstance(v, float) and not math.isfinite(v):
            return str(v)
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()
        return v
    return json.dumps([{c: value(v) for c, v in zip(columns, r)} for r in rows])


def duckdb_run(modes, path, query):
    import duckdb
    out = {}
    for mode in modes:
        con = duckdb.connect()
        all_varchar = "true" if mode == "text" else "false"
        con.execute(f"CREATE TABLE leads AS SELECT * FROM read_csv('{path}', header=true, all_varchar={all_varchar})")
        cur = con.execute(query)
        out[mode] = ([d[0] for d in cur.description], cur.fetchall())
    return out


def spark_run(modes, path, query):
    import os
    os.environ.setdefault("PYSPARK_SUBMIT_ARGS", "--driver-memory 1g pyspark-shell")
    from pyspark.sql import SparkSession
    # One local session for both loads (its start-up is most of the time). Whole-stage code generation is
    # off: the query's wide CASE expressions exceed Java's 64 KB method limit, and Spark would log the
    # failed compilation before falling back to the same interpreted evaluation.
    spark = (SparkSession.builder.master("local[2]").appName("leadscore-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.sql.codegen.wholeStage", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    out = {}
    for mode in modes:
        df = spark.read.csv(path, header=True, inferSchema=(mode == "typed"))
        df.createOrReplaceTempView("leads")
        result = spark.sql(query.strip().rstrip(";"))
        out[mode] = (result.columns, [tuple(r) for r in result.collect()])
    spark.stop()
    return out


def pg_type(values):
    present = [v for v in values if v != ""]
    def all_of(parse):
        try:
            for v in present:
                parse(v)
            return True
        except ValueError:
            return False
    def integer(v):
        if not v.lstrip("-").isdigit() or abs(int(v)) >= 2**63:
            raise ValueError
    def double(v):
        x = float(v)
        if not math.isfinite(x) or not any(ch.isdigit() for ch in v) or "_" in v:
            raise ValueError
    def boolean(v):
        if v.lower() not in ("true", "false", "yes", "no", "y", "n", "1", "0", "t", "f"):
            raise ValueError
    def date(v):
        datetime.date.fromisoformat(v)
    if not present:
        return "text"
    for name, parse in (("bigint", integer), ("double precision", double), ("boolean", boolean), ("date", date)):
        if all_of(parse):
            return name
    return "text"


def postgres_run(modes, path, query):
    """Starts a server of its own on a free loopback port (postgres.sh), and stops it whatever happens."""
    import os, socket, tempfile
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = tempfile.mkdtemp(prefix="leadscore-pg-")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "postgres.sh")
    try:
        started = subprocess.run(["sh", script, "start", server, str(port)], capture_output=True, text=True)
        if started.returncode != 0:
            sys.exit("PostgreSQL did not start: " + started.stderr)
        return {mode: postgres_load_and_run(mode, path, query, port) for mode in modes}
    finally:
        subprocess.run(["sh", script, "stop", server], capture_output=True)


def postgres_load_and_run(mode, path, query, port):
    import os
    with open(path, newline="", encoding="utf-8") as f:
        data = list(csv.reader(f))
    header, body = data[0], data[1:]
    types = ["text"] * len(header) if mode == "text" else [pg_type([r[i] for r in body]) for i in range(len(header))]
    ident = lambda n: '"' + n.replace('"', '""') + '"'
    create = "CREATE TABLE leads (" + ", ".join(f"{ident(n)} {t}" for n, t in zip(header, types)) + ");"
    script = ("DROP TABLE IF EXISTS leads;\n" + create + "\n"
              + f"\\copy leads FROM '{path}' WITH (FORMAT csv, HEADER true)\n")
    # No GSSAPI or TLS negotiation on a loopback test server (GSSAPI's Kerberos look-ups can stall).
    os.environ.update(PGGSSENCMODE="disable", PGSSLMODE="disable", PGCONNECT_TIMEOUT="20")
    psql = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
    subprocess.run(psql, input=script, text=True, check=True, capture_output=True)
    # JSON from the server itself: every value as PostgreSQL prints it, doubles in their shortest exact form.
    wrapped = "SELECT json_agg(q) FROM (" + query.strip().rstrip(";") + ") AS q;"
    out = subprocess.run(psql + ["-A", "-t"], input=wrapped, text=True, check=True, capture_output=True).stdout
    rows = json.loads(out) or []
    columns = list(rows[0].keys()) if rows else []
    return columns, [tuple(r[c] for c in columns) for r in rows]


def main():
    engine, modes, path, query_path = sys.argv[1:5]
    modes = modes.split(",")
    query = open(query_path, encoding="utf-8").read()
    if engine == "duckdb":
        out = duckdb_run(modes, path, query)
    elif engine == "spark":
        out = spark_run(modes, path, query)
    elif engine == "postgres":
        out = postgres_run(modes, path, query)
    else:
        sys.exit(f"unknown engine {engine}")
    sys.stdout.write("{" + ", ".join(json.dumps(m) + ": " + rows_as_json(*out[m]) for m in modes) + "}")


if __name__ == "__main__":
    main()
