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
