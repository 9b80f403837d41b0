# Qingfeng — the two commands a newcomer needs:
#   make demo   set up, seed demo data on SQLite and serve on http://127.0.0.1:8080
#   make test   build and run every test, on SQLite and on a throw-away PostgreSQL
BUILD_DIR  ?= build
FUZZ_DIR   ?= build-fuzz
DEMO_DB    ?= sqlite:var/qingfeng.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60
FUZZ_SCAN_SECONDS ?= 30
JOBS       ?= $(shell nproc)

CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache

.PHONY: all deps build demo test unit fuzz bench format clean web web-deps

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build web
	@mkdir -p var
	$(BUILD_DIR)/qingfeng --db $(DEMO_DB) demo
	exec $(BUILD_DIR)/qingfeng --db $(DEMO_DB) serve --listen $(LISTEN) --web web/dist

# The web UI (web/, Vue + Vite): `npm ci` only when package-lock.json is newer
# than the last install, then a production build into web/dist (with .gz files).
web-deps:
	@cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

web: web-deps
	@cd web && npm run build --silent >/dev/null && echo "web UI built: web/dist"

# Every test: bounded libFuzzer runs of the request parser and JSON
# validation, and of the listing scanner (its promises, and the anchor
# prefilter never changing a verdict), then unit, HTTP integration and CLI
# tests on both backends (ctest's summary is the last thing printed).
test: build fuzz-build web
	@rm -rf $(FUZZ_DIR)/corpus && mkdir -p $(FUZZ_DIR)/corpus && cp fuzz/corpus/request/* $(FUZZ_DIR)/corpus/
	$(FUZZ_DIR)/fuzz_request -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 \
	  $(FUZZ_DIR)/corpus >/dev/null 2>$(FUZZ_DIR)/fuzz.log || { tail -n 60 $(FUZZ_DIR)/fuzz.log; exit 1; }
	@grep -E 'stat::number_of_executed_units|Done' $(FUZZ_DIR)/fuzz.log
	@rm -rf $(FUZZ_DIR)/corpus-scan && mkdir -p $(FUZZ_DIR)/corpus-scan && cp fuzz/corpus/scan/* $(FUZZ_DIR)/corpus-scan/
	$(FUZZ_DIR)/fuzz_scan -max_total_time=$(FUZZ_SCAN_SECONDS) -max_len=4096 -print_final_stats=1 \
	  $(FUZZ_DIR)/corpus-scan >/dev/null 2>$(FUZZ_DIR)/fuzz-scan.log || { tail -n 60 $(FUZZ_DIR)/fuzz-scan.log; exit 1; }
	@grep -E 'stat::number_of_executed_units|Done' $(FUZZ_DIR)/fuzz-scan.log
	scripts/with-postgres.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

fuzz-build: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DQINGFENG_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_request fuzz_scan

bench: build
	bench/http/run.sh $(BUILD_DIR)/qingfeng

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR)
