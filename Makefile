# Top-level convenience targets. Both install what is missing (Debian 12, as root),
# configure, build and run. BUILD and JOBS may be overridden.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_TYPE ?= RelWithDebInfo

DEB_PACKAGES = g++ cmake make git pkg-config libgit2-dev libssl-dev openssl libarchive-dev liburing-dev zlib1g-dev \
  libboost1.81-dev libboost-filesystem1.81-dev libboost-program-options1.81-dev \
  libboost-json1.81-dev libboost-test1.81-dev tar unzip gzip coreutils
# What the tests use beyond the build: the HTML report is checked in a real browser,
# evidence packs with the system's tar / unzip / sha256sum / openssl, crafted archives with python3;
# sync against real servers: git http-backend behind python3, sshd (openssh-server, which brings
# ssh-keygen); the CI examples are read with python3-yaml, dossier due's .ics with python3-icalendar.
TEST_PACKAGES = chromium fonts-liberation python3 python3-icalendar python3-yaml bc time strace openssh-server
# The man pages are rendered (groff, man), the zsh completion parsed (zsh), the
# Debian package built and read (dpkg-dev, file: CPack's dependency lookup).
TEST_PACKAGES += zsh groff-base man-db dpkg-dev file
# make format-check / make format.
FORMAT_PACKAGES = clang-format
# Static analysis (make lint).
LINT_PACKAGES = cppcheck clang-tidy
# libFuzzer (make fuzz): clang and its sanitizer and fuzzer runtimes.
FUZZ_PACKAGES = clang libclang-rt-14-dev
# Seconds each fuzz target runs in `make fuzz`.
FUZZ_SECONDS ?= 60

.PHONY: all deps test-deps lint-deps fuzz-deps format-deps configure build test demo clean asan asan-build asan-full lint \
  bench fuzz package format-check format

all: build

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

lint-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(LINT_PACKAGES)"

fuzz-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(FUZZ_PACKAGES)"

format-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(FORMAT_PACKAGES)"

install-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "error: run as root to install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build test-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	bash examples/demo.sh $(BUILD)

# A Debian package of the tool, the library and its headers, man pages and
# completion: $(BUILD)/dossier_VERSION_ARCH.deb (CPack; cmake/install.cmake).
package: build test-deps
	cmake --build $(BUILD) --target package

# clang-format (.clang-format) over every C++ file git knows.
FORMAT_FILES = $(shell git ls-files '*.cc' '*.h')
format-check: format-deps
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: $(words $(FORMAT_FILES)) files formatted"

FILES ?= $(FORMAT_FILES)
format: format-deps
	clang-format -i $(FILES)

# The sanitizer build (build-asan): clang with AddressSanitizer and
# UndefinedBehaviorSanitizer, and the libFuzzer targets in the same build.
SAN_BUILD = build-asan
asan-build: deps fuzz-deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
	  -DDOSSIER_SANITIZE=ON -DDOSSIER_FUZZ=ON -DDOSSIER_BENCH=OFF
	cmake --build $(SAN_BUILD) -j $(JOBS)

# The suite under the sanitizers, except the tests labelled `slow` (the long
# end-to-end tours, which start hundreds of sanitized processes; the release
# suite runs them): any sanitizer report fails the test that caused it.
# `make asan-full` runs every test under the sanitizers.
asan: asan-build test-deps
	cd $(SAN_BUILD) && ctest --output-on-failure -j $(JOBS) -LE slow

asan-full: asan-build test-deps
	cd $(SAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# Each libFuzzer target (tests/fuzz/) for FUZZ_SECONDS over its seed corpus, or
# for FUZZ_RUNS inputs from FUZZ_SEED; a crash, leak, hang or report fails.
fuzz: asan-build
	bash tests/fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

# cppcheck and clang-tidy (.clang-tidy; needs the compile database that
# configuring writes) over the library and the CLI; any finding fails.
lint: configure lint-deps
	cppcheck --enable=warning,performance,portability --std=c++17 --inline-suppr -q \
	  -I include -I lib --error-exitcode=1 lib cli
	run-clang-tidy -quiet -p $(BUILD) -j $(JOBS) '$(CURDIR)/(lib|cli)/.*\.cc$$'

bench: build test-deps
	bash bench/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-fuzz
