# dti — the two commands: `make run` and `make test`. Everything else helps them.
BUILD ?= build
ASAN_BUILD ?= build-asan
DB ?= dti.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test e2e-deps bench clean format

all: build

deps:
	@scripts/install-deps.sh test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@if [ -f web/package.json ]; then scripts/build-web.sh $(BUILD); fi

# Create the demo database on first run, then serve it.
run: build
	@if [ ! -f "$(DB)" ]; then $(BUILD)/dti demo --db "$(DB)"; fi
	@echo "dti: open http://$(LISTEN)/ (JSON API under /api/v1; stop with Ctrl-C)"
	@$(BUILD)/dti serve --db "$(DB)" --listen "$(LISTEN)"

# Every test (unit, integration, browser), then every test again under
# AddressSanitizer + UBSan.
test: build e2e-deps
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDTI_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@if [ -f web/package.json ]; then scripts/build-web.sh $(ASAN_BUILD); fi
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

# The browser tests' own packages (playwright-core), from tests/e2e/package-lock.json.
e2e-deps:
	@if [ -f tests/e2e/package-lock.json ] && \
	    ! cmp -s tests/e2e/package-lock.json tests/e2e/node_modules/.dti-lock 2>/dev/null; then \
		echo "installing the browser tests' packages (npm ci)"; \
		npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error >/dev/null && \
		cp tests/e2e/package-lock.json tests/e2e/node_modules/.dti-lock; \
	fi

bench: build
	@scripts/install-deps.sh bench
	@bench/run.sh $(BUILD)

format:
	@clang-format -i src/*/*.c src/*/*.h tests/unit/*.c

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
