# tests: built by tests/run.sh
