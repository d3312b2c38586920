# leadscore: two commands on a fresh Debian/Ubuntu machine with Swift: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/leadscore
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps engines build demo test bench bench-unseen peer-deps fuzz clean

# OpenBLAS (with LAPACK) and libcrypto (SHA-256 of training files), found through pkg-config, and libxml2
# (FoundationXML, which the chart tests parse SVG with).
deps:
	@if ! pkg-config --exists openblas libcrypto 2>/dev/null || ! ldconfig -p | grep -q libxml2.so.2; then \
		echo "installing libopenblas-dev, libssl-dev, pkg-config and libxml2 (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libopenblas-dev libssl-dev pkg-config libxml2 >/dev/null; \
	fi

# The real engines the export-sql tests run the exported query in: DuckDB and Apache Spark (PyPI; Spark needs
# Java 17), PostgreSQL (apt; the tests start a server of their own), sqlglot for the BigQuery and Snowflake
# text, DuckDB's shell (duckdb-cli) for notebook 05, pandas for the activity features' reference
# (Tests/reference/event_features.py), and Chromium, in which the report page is checked.
# Installed only when missing.
engines:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v psql >/dev/null || ! command -v java >/dev/null \
		|| ! command -v chromium >/dev/null; then \
		echo "installing postgresql, openjdk-17-jre-headless and chromium (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql openjdk-17-jre-headless chromium >/dev/null; \
	fi
	@python3 -c "import duckdb, pyspark, sqlglot, pandas" 2>/dev/null && command -v duckdb >/dev/null || { \
		echo "installing duckdb, duckdb-cli, pyspark, sqlglot and pandas (pip)"; python3 -m pip install -q duckdb duckdb-cli pyspark sqlglot pandas; }

build: deps
	$(SWIFT) build -c release --product leadscore

# The suite is XCTest; Swift Testing is switched off so the run does not end on its empty "0 tests" summary.
# Then the exhaustive check of the scaled-number decode (Tests/decode-check/exhaustive.c, about a minute on two
# cores), built with the Swift toolchain's clang (cc where there is none).
CLANG := $(shell command -v clang || echo cc)
test: deps engines
	$(SWIFT) test --disable-swift-testing
	@mkdir -p .build
	$(CLANG) -O2 -pthread -I Sources/CKernels/include -o .build/decode-check Tests/decode-check/exhaustive.c \
		Sources/CKernels/decode.c Sources/CKernels/cpu.c
	.build/decode-check

demo: build
	@mkdir -p .demo
	@echo "== train on datasets/leads_history.csv (newest 20% held out by created_date)"
	$(BIN) train --data datasets/leads_history.csv --features datasets/spec.yaml --holdout 0.2 --out .demo/model.json
	@echo
	@echo "== score datasets/new_leads.csv with models/policy.yaml"
	$(BIN) score --model .demo/model.json --leads datasets/new_leads.csv --policy models/policy.yaml --out .demo/scored.csv
	@echo
	@echo "== top of the SQL list (.demo/scored.csv)"
	@head -n 11 .demo/scored.csv | cut -c1-200
	@echo
	@echo "== engagement from an activity log (datasets/engagement): activity counts until 30 days after each lead was"
	@echo "   created in training (later activity is a leak), and until 2026-12-01 for the new leads"
	$(BIN) train --data datasets/engagement/leads_history.csv --features datasets/engagement/spec.yaml \
		--events datasets/engagement/activities.csv --holdout 0.2 --out .demo/engagement-model.json
	$(BIN) score --model .demo/engagement-model.json --leads datasets/engagement/new_leads.csv \
		--events datasets/engagement/new_activities.csv --as-of 2026-12-01 --policy models/policy.yaml --out .demo/engagement-scored.csv
	@head -n 6 .demo/engagement-scored.csv | cut -c1-220
	@echo
	@echo "== the page for the sales manager"
	@# Accuracy on the newest 1,000 rows, the ones train held out (the history is in time order).
	@(head -n 1 datasets/leads_history.csv; tail -n 1000 datasets/leads_history.csv) > .demo/newest.csv
	$(BIN) report --model .demo/model.json --data .demo/newest.csv --leads datasets/new_leads.csv --policy models/policy.yaml --out .demo/report.html
	@echo "open $$(pwd)/.demo/report.html in a browser"

# pandas + scikit-learn and polars for the side-by-side benchmark (numpy and pandas also generate its files).
peer-deps:
	@python3 -c "import pandas, sklearn, polars" 2>/dev/null || python3 -m pip install -q pandas scikit-learn polars

bench: deps peer-deps
	$(SWIFT) build -c release
	bash Tests/bench/run.sh

# Train and score on seven lead-file shapes written after the three bench files had been tuned to (Tests/bench/unseen.py).
bench-unseen: deps peer-deps
	$(SWIFT) build -c release
	bash Tests/bench/unseen.sh

# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of the CSV reader, the token parsers, the spec and
# policy loaders and the model loader, FUZZ_SECONDS each (default 60), from the corpus in Tests/Fuzz/corpus/.
# What each run finds new stays in .build-fuzz/corpus/; a crash is written as .build-fuzz/crash-* and stops it.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := csv tokens yaml model
fuzz: deps
	@# SwiftPM keeps the build plan of a path dependency and can miss its new files: plan afresh each time.
	@find .build-fuzz -name description.json -delete 2>/dev/null || true
	cd Tests/Fuzz && $(SWIFT) build -c release --scratch-path ../../.build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$t; \
		echo "== fuzz-$$t for $(FUZZ_SECONDS) s (log: .build-fuzz/fuzz-$$t.log)"; \
		.build-fuzz/release/fuzz-$$t .build-fuzz/corpus/$$t Tests/Fuzz/corpus/$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix=.build-fuzz/crash-$$t- \
			-print_final_stats=1 > .build-fuzz/fuzz-$$t.log 2>&1 || { tail -n 40 .build-fuzz/fuzz-$$t.log; exit 1; }; \
		grep -E "^stat::(number_of_executed_runs|peak_rss_mb)|^Done" .build-fuzz/fuzz-$$t.log; \
	done

clean:
	rm -rf .build .build-fuzz .demo bench-out
