# newsgraph — the two commands of the quick start, and a few more.
#   make run    install what is missing, build, start ingest + extract + query on loopback
#   make test   install what is missing, build, run every test through ctest
BUILD_DIR ?= build
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo

.PHONY: all deps configure build test run clean format

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE); \
	fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

run: build
	@BUILD_DIR=$(BUILD_DIR) scripts/run-local.sh

# make fuzz: libFuzzer targets (clang, ASan+UBSan) in build-fuzz, FUZZ_SECONDS (60) each on a
# copy of fuzz/corpus/; fails on any crash, leak or broken invariant (fuzz/run_fuzzers.sh).
.PHONY: fuzz test-sanitize
fuzz:
	@NEWSGRAPH_FUZZ_DEPS=1 scripts/install-deps.sh
	@FUZZ_JOBS=$(JOBS) fuzz/run_fuzzers.sh

# make test-sanitize: everything built with ASan+UBSan (NG_SANITIZE=ON) in build-asan, then the
# unit and integration tests (no Docker e2e, benchmarks or contract tests) under it.
SANITIZE_BUILD_DIR ?= build-asan
test-sanitize: deps
	@if [ ! -f $(SANITIZE_BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(SANITIZE_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DNG_SANITIZE=ON; \
	fi
	cmake --build $(SANITIZE_BUILD_DIR) -j $(JOBS)
	ctest --test-dir $(SANITIZE_BUILD_DIR) --output-on-failure -j $(JOBS) -E 'compose|bench|contract'

# make bench: newsgraph against SQLite FTS5 and Xapian on a generated corpus of BENCH_DOCS
# (100,000) articles plus the SlavicNER articles when ../shared/data is there; minutes, not part
# of `make test` (which runs the 200-article smoke version, ctest label bench). bench/README.md.
BENCH_DOCS ?= 100000
BENCH_ARGS ?=
.PHONY: bench
bench: build
	bench/compare.sh --docs=$(BENCH_DOCS) --bin_dir=$(BUILD_DIR)/bin $(BENCH_ARGS)

format:
	find common services tools tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
